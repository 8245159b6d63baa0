#!/usr/bin/python3
"""Fits the polynomials of runtime/vmath.h that are not Cephes' (exp and log
are): tanh below 0.625, erf below 0.921875, the scaled erfc above it, and
e^r on [-ln2/2, ln2/2] for sigmoid's exp.

Each is a near-minimax fit of the relative error in double (weighted least
squares on a dense grid, reweighted by Lawson's method), printed highest
degree first, the order of the Horner evaluation in vmath.h. The printed
"max error" is the fit's own, in float ulp (2^-24 relative); the float
evaluation adds its rounding (docs/vector-math.md has the measured totals).
Run: /usr/bin/python3 tools/fit_vmath.py (numpy only; a second or two).
"""
import math
import struct

import numpy as np


def lawson(xs, f, powers_of, degree, weight, iters=60):
    """Coefficients c[0..degree] of sum c[k] powers_of(x)^k ~ f, minimising
    max |weight * (approx - f)|, and that maximum."""
    a = np.stack([powers_of(xs) ** k for k in range(degree + 1)], 1)
    lw = np.ones_like(xs) / len(xs)
    for _ in range(iters):
        sw = np.sqrt(lw)
        c, *_ = np.linalg.lstsq(a * (sw * weight)[:, None], f * sw * weight, rcond=None)
        err = np.abs((a @ c - f) * weight)
        lw = lw * err
        lw /= lw.sum()
    return c, np.max(np.abs((a @ c - f) * weight))


def show(name, c, err):
    print("%s: max error %.3g ulp, coefficients from the highest degree:" % (name, err / 2.0 ** -24))
    for v in c[::-1]:
        print("    %r" % float(v))


erf = np.vectorize(math.erf)
erfc = np.vectorize(math.erfc)

# tanh(x) = x + x^3 P(x^2) for |x| < 0.625: P fitted to (tanh x - x) / x^3,
# weighted so that the error is tanh's relative error.
x = np.linspace(1e-4, 0.625, 20000)
c, e = lawson(x, (np.tanh(x) - x) / x ** 3, lambda v: v * v, 5, x ** 3 / np.tanh(x))
show("tanh, |x| < 0.625, P(x^2)", c, e)

# erf(x) = x Q(x^2) for |x| < 0.921875.
x = np.linspace(1e-4, 0.921875, 20000)
c, e = lawson(x, erf(x) / x, lambda v: v * v, 7, x / erf(x))
show("erf, |x| < 0.921875, Q(x^2)", c, e)

# erfc(a) = e^-a^2 R(t), t = 1 / (1 + a/2), for 0.921875 <= a <= 10.5
# (erfc is 0 in float beyond).
a = np.linspace(0.921875, 10.5, 40000)
scaled = erfc(a) * np.exp(a * a)
c, e = lawson(1 / (1 + 0.5 * a), scaled, lambda v: v, 9, 1 / scaled)
show("erfc, a >= 0.921875, R(t)", c, e)

# e^r = 1 + r + r^2 P(r) for |r| <= ln2/2 (a little more: without FMA m is
# rounded twice), P of degree 4, for the exp of sigmoid, softplus and the erfc
# tail (rt_vmath_exp_neg_scaled_core).
# One degree less than Cephes' exp: its 0.05 ulp is within the float
# rounding. The coefficients are rounded to float one at a time, from the
# highest, the lower ones refitted each time; the error printed is that of
# the float coefficients.
def to_float(v):
    return struct.unpack("f", struct.pack("f", v))[0]


r = np.linspace(-math.log(2) / 2 - 2e-3, math.log(2) / 2 + 2e-3, 60001)
r = r[np.abs(r) > 1e-6]
target, weight = (np.exp(r) - 1 - r) / r ** 2, r ** 2 / np.exp(r)
fixed = []  # float coefficients, highest degree first
for free in range(4, -1, -1):
    rest = target - sum(cf * r ** (4 - i) for i, cf in enumerate(fixed))
    c, _ = lawson(r, rest, lambda v: v, free, weight, iters=200)
    fixed.append(to_float(float(c[-1])))
p = np.zeros_like(r)
for cf in fixed:
    p = p * r + cf
e = np.max(np.abs((1 + r + r * r * p) / np.exp(r) - 1))
show("e^r, |r| <= ln2/2, P(r) in float", np.array(fixed[::-1]), e)
