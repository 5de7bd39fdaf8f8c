#!/usr/bin/env python3
"""Writes chirp.npy: one second of a 16 kHz linear chirp (100 Hz -> 4 kHz)
with a click at 0.5 s, float32 [1, 16000]: a signal whose wavelet
decomposition shows tones (coarse levels) and a transient (fine levels).

Run: python3 samples/generate.py
"""
import pathlib

import numpy as np

rate = 16000
t = np.arange(rate) / rate
signal = 0.5 * np.sin(2 * np.pi * (100 * t + (4000 - 100) / 2 * t**2))
signal[rate // 2: rate // 2 + 8] += 1.0
np.save(pathlib.Path(__file__).resolve().parent / "chirp.npy", signal[None].astype(np.float32))
