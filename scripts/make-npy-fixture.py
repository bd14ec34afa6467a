#!/usr/bin/env python3
"""Writes the tiny NumPy fixtures of the npy data source's tests (test/fixtures/npy/) with numpy itself.

Usage: python3 scripts/make-npy-fixture.py [out_dir]
"""
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/npy")
out.mkdir(parents=True, exist_ok=True)

# 12 rows of shape (2, 3): row r holds r*10 + 0..5, so every value names its row and position.
x = (np.arange(12)[:, None, None] * 10 + np.arange(6).reshape(2, 3)).astype("<f4")
y = np.array([0, 1, 2] * 4, dtype="<i8")
np.save(out / "x-f4.npy", x)
np.save(out / "y-i8.npy", y)
np.save(out / "x-f8-big-endian.npy", x.astype(">f8"))
np.save(out / "x-u1.npy", x.astype("u1"))
np.save(out / "x-i2.npy", (x - 50).astype("<i2"))
np.save(out / "x-bool.npy", (x.astype("i8") % 2 == 1))
np.save(out / "x-fortran.npy", np.asfortranarray(x[:, 0, :]))
np.save(out / "x-complex.npy", x.astype("c8"))
np.savez(out / "xy.npz", x=x, y=y)
np.savez_compressed(out / "xy-compressed.npz", x=x, y=y)
raw = (out / "x-f4.npy").read_bytes()
(out / "x-truncated.npy").write_bytes(raw[: len(raw) - 7])
print(f"wrote fixtures to {out}")
