#!/usr/bin/env python3
"""Times the reference implementations on the cases `wam bench` just ran.

Reads `wam bench` JSON lines on stdin, times the same work with the
reference (wavelet suite: pywt.wavedecn / pywt.waverecn on float32 input,
median of the same number of repeats), and prints a Markdown table with
both times and the ratio reference / wam (above 1: wam is faster).
"""
import json
import sys
import time
import warnings

import numpy as np
import pywt

warnings.simplefilter("ignore", UserWarning)


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
    coeffs = pywt.wavedecn(x, level=case["levels"], **kw)
    dwt = median_ms(lambda: pywt.wavedecn(x, level=case["levels"], **kw), repeats)
    idwt = median_ms(lambda: pywt.waverecn(coeffs, **kw), repeats)
    return (f"| {case['case']} | {case['dwt_ms']:.2f} | {dwt:.2f} | {dwt / case['dwt_ms']:.2f}× "
            f"| {case['idwt_ms']:.2f} | {idwt:.2f} | {idwt / case['idwt_ms']:.2f}× |")


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"pywt {pywt.__version__}, numpy {np.__version__}; median of {repeats} runs, same machine, same run.\n")
    print("| case | wam dwt ms | pywt dwt ms | pywt/wam | wam idwt ms | pywt idwt ms | pywt/wam |")
    print("|---|---|---|---|---|---|---|")
    for line in sys.stdin:
        case = json.loads(line)
        if case["suite"] == "wavelet":
            print(wavelet_row(case, repeats))


if __name__ == "__main__":
    main()
