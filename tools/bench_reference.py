#!/usr/bin/env python3
"""Times the reference implementations on the cases `wam bench` just ran.

Reads `wam bench` JSON lines on stdin, times the same work with the
reference, median of the same number of repeats, and prints a Markdown
table with both times and the ratio reference / wam (above 1: wam is faster), and
both peaks of resident memory (each process's VmHWM, reset before the case).

- wavelet suite: pywt.wavedecn / pywt.waverecn on float32 input;
- explain suite: the authors' method in PyTorch, as their lib/wam_2D.py
  does it (ptwt.wavedec2 of the input, coefficients requiring grad,
  ptwt.waverec2 inside the graph, every sample in one batch), on the
  authors' EfficientNet-Lite0 code (efficientnet-lite-pytorch), CPU.
"""
import json
import sys
import time
import warnings

import numpy as np
import pywt

warnings.simplefilter("ignore", UserWarning)


def reset_peak():
    """Starts a new peak of resident memory (Linux; elsewhere peak_mb says None)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mb():
    """Peak resident memory since reset_peak(), in MB (VmHWM), or None."""
    try:
        with open("/proc/self/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        return kb / 1024
    except (OSError, StopIteration):
        return None


def mb(value):
    return "–" if value is None else f"{value:.0f}"


def median_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[len(times) // 2]


def wavelet_row(case, repeats):
    shape = case["shape"]
    count = int(np.prod(shape))
    x = (((np.arange(count) * 7919) % 255) / 255.0).astype(np.float32).reshape(shape)
    axes = tuple(range(len(shape) - case["axes"], len(shape)))
    kw = dict(wavelet=case["wavelet"], mode=case["mode"], axes=axes)
    reset_peak()
    coeffs = pywt.wavedecn(x, level=case["levels"], **kw)
    dwt = median_ms(lambda: pywt.wavedecn(x, level=case["levels"], **kw), repeats)
    idwt = median_ms(lambda: pywt.waverecn(coeffs, **kw), repeats)
    return (f"| {case['case']} | {case['dwt_ms']:.2f} | {dwt:.2f} | {dwt / case['dwt_ms']:.2f}× "
            f"| {case['idwt_ms']:.2f} | {idwt:.2f} | {idwt / case['idwt_ms']:.2f}× "
            f"| {mb(case.get('peak_mb'))} | {mb(peak_mb())} |")


def explain_reference(repeats):
    """A function timing one PyTorch WAM run for (method, samples)."""
    import ptwt
    import torch
    from efficientnet_lite_pytorch import EfficientNet

    model = EfficientNet.from_name("efficientnet-lite0")
    model.load_state_dict(torch.load("models/.downloads/efficientnet-lite0.pth", map_location="cpu"))
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)

    def run(x, method, samples):
        if method == "wam":
            batch = x[None]
        elif method == "wam-sg":
            sigma = 0.25 * (x.max() - x.min())
            batch = x[None] + sigma * torch.randn((samples,) + x.shape)
        else:  # wam-ig: alpha * z is W(alpha * x)
            alphas = (torch.arange(samples) + 0.5) / samples
            batch = alphas[:, None, None, None] * x[None]
        coeffs = ptwt.wavedec2(batch, "haar", level=3, mode="reflect")
        leaves = [coeffs[0].requires_grad_()] + [tuple(d.requires_grad_() for d in level) for level in coeffs[1:]]
        logits = model(ptwt.waverec2(leaves, "haar"))
        logits[:, 282].sum().backward()
        return [leaves[0].grad] + [tuple(d.grad for d in level) for level in leaves[1:]]

    def timed(case):
        """(median ms, peak MB) of the case."""
        x = torch.from_numpy(np.load(case["input"]))
        reset_peak()
        return median_ms(lambda: run(x, case["method"], case["samples"]), repeats), peak_mb()

    return timed


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    header_printed = None
    timed_explain = None
    for line in sys.stdin:
        case = json.loads(line)
        if case["suite"] != header_printed:
            header_printed = case["suite"]
            if case["suite"] == "wavelet":
                print(f"pywt {pywt.__version__}, numpy {np.__version__}; median of {repeats} runs, same machine, same run.\n")
                print("| case | wam dwt ms | pywt dwt ms | pywt/wam | wam idwt ms | pywt idwt ms | pywt/wam | wam peak MB | pywt peak MB |")
                print("|---|---|---|---|---|---|---|---|---|")
            else:
                import torch
                timed_explain = explain_reference(repeats)
                print(f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads); median of {repeats} runs, same machine, same run.\n")
                print("| method (samples) | wam ms | PyTorch ms | PyTorch/wam | wam peak MB | PyTorch peak MB |")
                print("|---|---|---|---|---|---|")
        if case["suite"] == "wavelet":
            print(wavelet_row(case, repeats))
        else:
            reference, peak = timed_explain(case)
            print(f"| {case['case']} | {case['ms']:.0f} | {reference:.0f} | {reference / case['ms']:.2f}× "
                  f"| {mb(case.get('peak_mb'))} | {mb(peak)} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
