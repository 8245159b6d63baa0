#!/usr/bin/python3
"""Writes runtime/elementwise.c: the unary, IsNaN, IsInf, binary, Where,
Clip and Cast kernels for every element type, instantiated from a few
macros; their parameter structs are in runtime/elementwise.h.

The macros are the kernels; this script only lists which (op, type) pairs
exist, so that the table stays regular. Run it after editing:
    /usr/bin/python3 tools/gen_elementwise.py > runtime/elementwise.c
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_instances import TYPES  # noqa: E402  (storage, compute, load, store by suffix: one table)

# The kind of each type, which picks the expression an op uses for it.
KINDS = {"f32": "float", "f64": "float", "f16": "half", "bf16": "half", "i8": "sint", "i16": "sint",
         "i32": "sint", "i64": "sint", "u8": "uint", "u16": "uint", "u32": "uint", "u64": "uint", "bool": "bool"}
# suffix -> (suffix, storage type, compute type, load, store, kind)
T = {s: (s,) + TYPES[s][:4] + (kind,) for s, kind in KINDS.items()}
FLOATS = ["f32", "f64", "f16", "bf16"]
SINTS = ["i8", "i16", "i32", "i64"]
UINTS = ["u8", "u16", "u32", "u64"]
INTS = SINTS + UINTS
NUMERIC = FLOATS + INTS

# Float compute (f32, and f16/bf16 which compute in float) takes these from
# runtime/vmath.h (vectorisable, within a few ulp of libm: docs/vector-math.md);
# double keeps libm's. {sigmoid} and the others without a libm name are
# spelled out for double.
VMATH = {"exp": "rt_vmath_exp_f32", "log": "rt_vmath_log_f32", "tanh": "rt_vmath_tanh_f32",
         "erf": "rt_vmath_erf_f32", "sigmoid": "rt_vmath_sigmoid_f32", "gelu": "rt_vmath_gelu_f32",
         "gelu_tanh": "rt_vmath_gelu_tanh_f32", "softplus": "rt_vmath_softplus_f32"}
DOUBLE_ONLY = {"sigmoid": "1 / (1 + {exp}(-x))",
               "gelu": "0.5f * x * (1 + {erf}(x * 0.70710678118654752440f))",
               "gelu_tanh": "0.5f * x * (1 + {tanh}(0.79788456080286535588f * (x + 0.044715f * x * x * x)))",
               "softplus": "x > 0 ? x + {log1p}({exp}(-x)) : {log1p}({exp}(x))"}

def math(expr, tc):
    """{exp} -> rt_vmath_exp_f32 for float compute, exp for double (and
    {sigmoid}(x) -> its formula for double); RT_WRAP(e): the two's-complement
    wrap of a signed result computed in uint64_t."""
    expr = expr.replace("RT_WRAP(", "(%s)(int64_t)(" % tc)
    for fn, vm in VMATH.items():
        if tc == "float":
            expr = expr.replace("{%s}" % fn, vm)
        elif fn in DOUBLE_ONLY:
            expr = expr.replace("{%s}(x)" % fn, DOUBLE_ONLY[fn])
    fns = ["exp", "log", "log1p", "tanh", "erf", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan",
           "sinh", "cosh", "asinh", "acosh", "atanh", "floor", "ceil", "nearbyint", "fabs", "fmax", "fmin",
           "pow", "fmod"]
    for fn in fns:
        expr = expr.replace("{%s}" % fn, fn + ("f" if tc == "float" else ""))
    return expr

# name, types, expression in x (the element, in the compute type) and p
# (the parameter struct); the struct is rt_unary_params unless PARAMS says
# otherwise (runtime/elementwise.h).
PARAMS = {
    "leaky_relu": "rt_unary_alpha_params", "elu": "rt_unary_alpha_params", "celu": "rt_unary_alpha_params",
    "thresholded_relu": "rt_unary_alpha_params", "selu": "rt_selu_params",
    "hard_sigmoid": "rt_hard_sigmoid_params", "shrink": "rt_shrink_params", "swish": "rt_unary_alpha_params",
}
UNARY = [
    ("relu", FLOATS + SINTS, "x > 0 ? x : 0"),
    ("leaky_relu", FLOATS, "x >= 0 ? x : p->alpha * x"),
    ("elu", FLOATS, "x >= 0 ? x : p->alpha * ({exp}(x) - 1)"),
    ("selu", FLOATS, "x > 0 ? p->gamma * x : p->gamma * (p->alpha * {exp}(x) - p->alpha)"),
    ("celu", FLOATS, "{fmax}(0, x) + {fmin}(0, p->alpha * ({exp}(x / p->alpha) - 1))"),
    ("thresholded_relu", FLOATS, "x > p->alpha ? x : 0"),
    ("sigmoid", FLOATS, "{sigmoid}(x)"),
    ("hard_sigmoid", FLOATS, "{fmax}(0, {fmin}(1, p->alpha * x + p->beta))"),
    # Swish (opset 24): x * Sigmoid(alpha * x); double spells its sigmoid out.
    ("swish", ["f32", "f16", "bf16"], "x * {sigmoid}(p->alpha * x)"),
    ("swish", ["f64"], "x * (1 / (1 + {exp}(-(p->alpha * x))))"),
    ("hard_swish", FLOATS, "x * {fmax}(0, {fmin}(1, x * (1.0f / 6) + 0.5f))"),
    ("tanh", FLOATS, "{tanh}(x)"),
    ("softplus", FLOATS, "{softplus}(x)"),
    ("softsign", FLOATS, "x / (1 + {fabs}(x))"),
    ("mish", FLOATS, "x * {tanh}({softplus}(x))"),
    ("gelu", FLOATS, "{gelu}(x)"),
    ("gelu_tanh", FLOATS, "{gelu_tanh}(x)"),
    ("erf", FLOATS, "{erf}(x)"),
    ("sqrt", FLOATS, "{sqrt}(x)"),
    ("exp", FLOATS, "{exp}(x)"),
    ("log", FLOATS, "{log}(x)"),
    ("sin", FLOATS, "{sin}(x)"), ("cos", FLOATS, "{cos}(x)"), ("tan", FLOATS, "{tan}(x)"),
    ("asin", FLOATS, "{asin}(x)"), ("acos", FLOATS, "{acos}(x)"), ("atan", FLOATS, "{atan}(x)"),
    ("sinh", FLOATS, "{sinh}(x)"), ("cosh", FLOATS, "{cosh}(x)"), ("asinh", FLOATS, "{asinh}(x)"),
    ("acosh", FLOATS, "{acosh}(x)"), ("atanh", FLOATS, "{atanh}(x)"),
    ("floor", FLOATS, "{floor}(x)"), ("ceil", FLOATS, "{ceil}(x)"), ("round", FLOATS, "{nearbyint}(x)"),
    ("reciprocal", FLOATS, "1 / x"),
    ("neg", FLOATS, "-x"),
    ("neg", SINTS, "RT_WRAP(0 - (uint64_t)x)"),
    ("abs", FLOATS, "{fabs}(x)"),
    ("abs", SINTS, "x < 0 ? RT_WRAP(0 - (uint64_t)x) : x"),
    ("abs", UINTS, "x"),
    ("sign", FLOATS + SINTS, "(x > 0) - (x < 0)"),
    ("sign", UINTS, "x > 0"),
    ("not", ["bool"], "!x"),
    ("bitwise_not", INTS, "~x"),
    ("shrink", FLOATS, "x < -p->lambd ? x + p->bias : (x > p->lambd ? x - p->bias : 0)"),
]

ARITH = NUMERIC
def wrap(kind, e_int, e_wrap):
    return e_wrap if kind == "sint" else e_int

BINARY = [
    ("add", ARITH, lambda k: "RT_WRAP((uint64_t)x + (uint64_t)z)" if k == "sint" else "x + z"),
    ("sub", ARITH, lambda k: "RT_WRAP((uint64_t)x - (uint64_t)z)" if k == "sint" else "x - z"),
    ("mul", ARITH, lambda k: {"sint": "RT_WRAP((uint64_t)x * (uint64_t)z)", "uint": "(uint64_t)x * z", "bool": "x * z"}.get(k, "x * z")),
    ("div", ARITH, lambda k: {"sint": "z == 0 ? 0 : z == -1 ? RT_WRAP(0 - (uint64_t)x) : x / z",
                              "uint": "z == 0 ? 0 : x / z"}.get(k, "x / z")),
    ("max", ARITH, lambda k: "x > z || x != x ? x : z"),
    ("min", ARITH, lambda k: "x < z || x != x ? x : z"),
    ("pow", FLOATS, lambda k: "{pow}(x, z)"),
    ("pow", ["i32", "i64"], lambda k: "rt_ipow(x, z)"),
    ("mod", INTS, lambda k: "rt_pymod(x, z)" if k == "sint" else "z == 0 ? 0 : x % z"),
    ("fmod", FLOATS, lambda k: "{fmod}(x, z)"),
    ("fmod", SINTS, lambda k: "z == 0 || z == -1 ? 0 : x % z"),
    ("fmod", UINTS, lambda k: "z == 0 ? 0 : x % z"),
    ("equal", NUMERIC + ["bool"], lambda k: "x == z"),
    ("less", NUMERIC, lambda k: "x < z"),
    ("greater", NUMERIC, lambda k: "x > z"),
    ("less_equal", NUMERIC, lambda k: "x <= z"),
    ("greater_equal", NUMERIC, lambda k: "x >= z"),
    ("and", ["bool"], lambda k: "x && z"),
    ("or", ["bool"], lambda k: "x || z"),
    ("xor", ["bool"], lambda k: "x != z"),
    ("bitwise_and", INTS, lambda k: "x & z"),
    ("bitwise_or", INTS, lambda k: "x | z"),
    ("bitwise_xor", INTS, lambda k: "x ^ z"),
    ("shift_left", UINTS, lambda k: "z >= 8 * sizeof(x) ? 0 : (uint64_t)x << z"),
    ("shift_right", UINTS, lambda k: "z >= 8 * sizeof(x) ? 0 : x >> z"),
    ("prelu", FLOATS, lambda k: "x >= 0 ? x : x * z"),
    ("prelu", SINTS, lambda k: "x >= 0 ? x : RT_WRAP((uint64_t)x * (uint64_t)z)"),
]
COMPARE = {"equal", "less", "greater", "less_equal", "greater_equal"}

out = []
w = out.append


def define(text):
    """A multi-line #define: every line but the last ends in an aligned backslash."""
    lines = text.strip("\n").split("\n")
    width = max(len(l) for l in lines[:-1]) + 1
    return "\n".join([l.ljust(width) + "\\" for l in lines[:-1]] + [lines[-1]])


def kernel(name, params, tensors, body):
    """One kernel section: its marker (with its parameter struct and tensors) and body."""
    needs = "rt_elementwise_macros" + (" rt_vmath" if "rt_vmath_" in body else "")
    w("//@kernel %s(%s, %s) needs %s" % (name, params, ", ".join(tensors), needs))
    w(body)
    w("//@end")


w("""/* Elementwise kernels: unary math, broadcasting binary ops, Where, Clip and
   Cast, for every element type. Generated by tools/gen_elementwise.py (which
   lists the (op, type) pairs); the kernels themselves are the macros below,
   their parameter structs are in runtime/elementwise.h. Half types compute
   in float; exp, log, tanh, erf, sigmoid, GELU and softplus in float are
   runtime/vmath.h's (double keeps libm's). */
#include "dtypes.h"
#include "elementwise.h"
#include "vmath.h"

//@section rt_elementwise_macros needs rt_half
""")

w("""/* output[i] = EXPR of x = input[i] (in the compute type TC); EXPR may read
   the op's parameters in p. */""")
w(define("""
#define RT_UNARY(name, PARAMS, TA, TC, TO, LOAD, STORE, EXPR)
    static void name(const PARAMS *p, const TA *input, TO *output)
    {
        int64_t count = p->count; /* read once: an int64 output may alias p */
        for (int64_t i = 0; i < count; i++) {
            TC x = LOAD(input[i]);
            output[i] = STORE(EXPR);
        }
    }
"""))
w("""
/* output = EXPR of x = a[...] and z = b[...], walking the output in
   row-major order: the last dimension in an inner loop (contiguous when both
   strides are 1), the others by an index vector. */""")
w(define("""
#define RT_BINARY(name, TA, TC, TO, LOAD, STORE, EXPR)
    static void name(const rt_binary_params *p, const TA *a, const TA *b, TO *output)
    {
        int rank = (int)p->rank;
        const int64_t *dims = p->dims, *sa = p->a_strides, *sb = p->b_strides;
        int64_t idx[RT_MAX_RANK] = {0}, outer = 1, inner, ia, ib;
        if (rank == 0) {
            TC x = LOAD(a[0]), z = LOAD(b[0]);
            output[0] = STORE(EXPR);
            return;
        }
        inner = dims[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
        for (int d = 0; d < rank - 1; d++) outer *= dims[d];
        for (int64_t o = 0; o < outer; o++) {
            int64_t oa = 0, ob = 0;
            TO *y = output + o * inner;
            for (int d = 0; d < rank - 1; d++) {
                oa += idx[d] * sa[d];
                ob += idx[d] * sb[d];
            }
            if (ia == 1 && ib == 1)
                for (int64_t i = 0; i < inner; i++) {
                    TC x = LOAD(a[oa + i]), z = LOAD(b[ob + i]);
                    y[i] = STORE(EXPR);
                }
            else if (ia == 0 && ib == 1) { /* a row times one value (a channel's scale) */
                TC x = LOAD(a[oa]);
                for (int64_t i = 0; i < inner; i++) {
                    TC z = LOAD(b[ob + i]);
                    y[i] = STORE(EXPR);
                }
            } else if (ia == 1 && ib == 0) {
                TC z = LOAD(b[ob]);
                for (int64_t i = 0; i < inner; i++) {
                    TC x = LOAD(a[oa + i]);
                    y[i] = STORE(EXPR);
                }
            } else
                for (int64_t i = 0; i < inner; i++) {
                    TC x = LOAD(a[oa + i * ia]), z = LOAD(b[ob + i * ib]);
                    y[i] = STORE(EXPR);
                }
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < dims[d]) break;
                idx[d] = 0;
            }
        }
    }
"""))
w("""
/* Where, by element size T (it only moves elements, so x, y and output are
   untyped); condition is bool. */""")
w(define("""
#define RT_WHERE(name, T)
    static void name(const rt_where_params *p, const uint8_t *condition, const void *x, const void *y,
                     void *output)
    {
        const T *xs = (const T *)x, *ys = (const T *)y;
        T *out = (T *)output;
        int rank = (int)p->rank;
        const int64_t *dims = p->dims, *sc = p->condition_strides, *sx = p->x_strides, *sy = p->y_strides;
        int64_t idx[RT_MAX_RANK] = {0}, total = 1;
        for (int d = 0; d < rank; d++) total *= dims[d];
        for (int64_t i = 0; i < total; i++) {
            int64_t oc = 0, ox = 0, oy = 0;
            for (int d = 0; d < rank; d++) {
                oc += idx[d] * sc[d];
                ox += idx[d] * sx[d];
                oy += idx[d] * sy[d];
            }
            out[i] = condition[oc] ? xs[ox] : ys[oy];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) break;
                idx[d] = 0;
            }
        }
    }
"""))
w("""
/* Clip: min and max are one-element tensors, NULL when absent. */""")
w(define("""
#define RT_CLIP(name, TA, TC, LOAD, STORE)
    static void name(const rt_unary_params *p, const TA *input, const TA *min, const TA *max, TA *output)
    {
        TC lo = min ? LOAD(*min) : 0, hi = max ? LOAD(*max) : 0;
        int64_t count = p->count;
        for (int64_t i = 0; i < count; i++) {
            TC x = LOAD(input[i]);
            if (min && x < lo) x = lo;
            if (max && x > hi) x = hi;
            output[i] = STORE(x);
        }
    }
"""))
w("""
/* Float to integer conversion saturates (NaN gives 0): C leaves it undefined. */
#define RT_FTOI(T, MIN, MAX) (x != x ? (T)0 : x <= (double)(MIN) ? (T)(MIN) : x >= (double)(MAX) ? (T)(MAX) : (T)x)

RT_HELPER int64_t rt_ipow(int64_t x, int64_t e)
{
    uint64_t r = 1, b = (uint64_t)x;
    if (e < 0) return x == 1 ? 1 : x == -1 ? (e % 2 ? -1 : 1) : 0;
    for (; e; e >>= 1, b *= b)
        if (e & 1) r *= b;
    return (int64_t)r;
}

RT_HELPER int64_t rt_pymod(int64_t x, int64_t z)
{
    int64_t r;
    if (z == 0) return 0;
    if (z == -1) return 0;
    r = x % z;
    if (r != 0 && ((r < 0) != (z < 0))) r += z;
    return r;
}
//@end
""")

UNARY_TENSORS = ["input", "output"]

for name, types, expr in UNARY:
    params = PARAMS.get(name, "rt_unary_params")
    for s in types:
        suf, ta, tc, load, store, kind = T[s]
        kname = "rt_%s_%s" % (name, suf)
        kernel(kname, params, UNARY_TENSORS,
               "RT_UNARY(%s, %s, %s, %s, %s, %s, %s, %s)" % (kname, params, ta, tc, ta, load, store, math(expr, tc)))

for s in FLOATS:
    suf, ta, tc, load, store, kind = T[s]
    kname = "rt_isnan_%s" % suf
    kernel(kname, "rt_unary_params", UNARY_TENSORS,
           "RT_UNARY(%s, rt_unary_params, %s, %s, uint8_t, %s, RT_ID, x != x)" % (kname, ta, tc, load))
for s in FLOATS:
    suf, ta, tc, load, store, kind = T[s]
    kname = "rt_isinf_%s" % suf
    kernel(kname, "rt_isinf_params", UNARY_TENSORS,
           "RT_UNARY(%s, rt_isinf_params, %s, %s, uint8_t, %s, RT_ID, "
           "isinf(x) && ((x > 0 && p->detect_positive) || (x < 0 && p->detect_negative)))" % (kname, ta, tc, load))

for name, types, fn in BINARY:
    for s in types:
        suf, ta, tc, load, store, kind = T[s]
        to, st = (("uint8_t", "RT_ID") if name in COMPARE else (ta, store))
        kname = "rt_%s_%s" % (name, suf)
        kernel(kname, "rt_binary_params", ["a", "b", "output"],
               "RT_BINARY(%s, %s, %s, %s, %s, %s, %s)" % (kname, ta, tc, to, load, st, math(fn(kind), tc)))

for bits, ct in [(8, "uint8_t"), (16, "uint16_t"), (32, "uint32_t"), (64, "uint64_t")]:
    kname = "rt_where_x%d" % bits
    kernel(kname, "rt_where_params", ["condition", "x", "y", "output"], "RT_WHERE(%s, %s)" % (kname, ct))

for s in NUMERIC:
    suf, ta, tc, load, store, kind = T[s]
    kname = "rt_clip_%s" % suf
    kernel(kname, "rt_unary_params", ["input", "min", "max", "output"],
           "RT_CLIP(%s, %s, %s, %s, %s)" % (kname, ta, tc, load, store))

# Cast: every numeric type and bool to every other (and to itself: other
# lowerings convert without checking that the types differ).
LIMITS = {"i8": ("INT8_MIN", "INT8_MAX"), "i16": ("INT16_MIN", "INT16_MAX"), "i32": ("INT32_MIN", "INT32_MAX"),
          "i64": ("INT64_MIN", "INT64_MAX"), "u8": ("0", "UINT8_MAX"), "u16": ("0", "UINT16_MAX"),
          "u32": ("0", "UINT32_MAX"), "u64": ("0", "UINT64_MAX")}
ALL = NUMERIC + ["bool"]
for a in ALL:
    for b in ALL:
        sa, ta, tca, loada, _, ka = T[a]
        sb, tb, tcb, _, storeb, kb = T[b]
        kname = "rt_cast_%s_%s" % (sa, sb)
        # x is in a's compute type; the expression converts it into b's
        # compute type, then b's store makes b's storage value.
        if kb == "bool":
            expr, storeb = "x != 0", "RT_ID"
        elif ka in ("float", "half") and kb in ("sint", "uint"):
            lo, hi = LIMITS[b]
            expr = "RT_FTOI(%s, %s, %s)" % (tb, lo, hi)
        else:
            expr = "(%s)x" % tcb
        kernel(kname, "rt_unary_params", UNARY_TENSORS,
               "RT_UNARY(%s, rt_unary_params, %s, %s, %s, %s, %s, %s)" % (kname, ta, tca, tb, loada, storeb, expr))

# Cast from and to the types C has no arithmetic for (runtime/dtypes.h):
# the 8-bit floats and float4e2m1 (bit patterns in a uint8_t) decode to
# float, exactly, and then convert as float does; every type encodes to
# them from double (so that a double source is rounded once), with the
# node's saturate (and round_mode for float8e8m0) in rt_cast_params;
# float4e2m1 always saturates. The 4- and 2-bit integers (one a byte) take
# their source's low bits; as sources, lowering reads int4 and int2 as int8
# and uint4 and uint2 as uint8 (ops/cast.c).
SMALL_FLOATS = ["f8e4m3fn", "f8e4m3fnuz", "f8e5m2", "f8e5m2fnuz", "f8e8m0", "f4e2m1"]
SMALL_INTS = {"i4": "int8_t", "u4": "uint8_t", "i2": "int8_t", "u2": "uint8_t"}
SOURCES = ALL + SMALL_FLOATS


def source(a):
    """suffix, storage type, compute type, load, kind of a cast's source."""
    if a in SMALL_FLOATS:
        return a, "uint8_t", "float", "rt_%s_to_f32" % a, "half"
    sa, ta, tca, loada, _, ka = T[a]
    return sa, ta, tca, loada, ka


w("""//@section rt_cast_narrow_macros needs rt_elementwise_macros rt_dtypes
/* output[i] = ENCODE of x = input[i] into an 8-bit float, which may read
   saturate and round_mode. */""")
w(define("""
#define RT_CAST_TO_F8(name, TA, TC, LOAD, ENCODE)
    static void name(const rt_cast_params *p, const TA *input, uint8_t *output)
    {
        int64_t count = p->count;
        int saturate = (int)p->saturate, round_mode = (int)p->round_mode;
        (void)round_mode;
        for (int64_t i = 0; i < count; i++) {
            TC x = LOAD(input[i]);
            output[i] = ENCODE;
        }
    }
"""))
w("//@end\n")


def narrow_kernel(kname, params, body):
    w("//@kernel %s(%s, input, output) needs rt_cast_narrow_macros" % (kname, params))
    w(body)
    w("//@end")


for a in SOURCES:
    sa, ta, tca, loada, ka = source(a)
    for b in ALL + SMALL_FLOATS + list(SMALL_INTS):
        if a in ALL and b in ALL:
            continue  # above
        kname = "rt_cast_%s_%s" % (sa, b)
        if b in ALL:
            _, tb, tcb, _, storeb, kb = T[b]
            if kb == "bool":
                expr, storeb = "x != 0", "RT_ID"
            elif kb in ("sint", "uint"):
                lo, hi = LIMITS[b]
                expr = "RT_FTOI(%s, %s, %s)" % (tb, lo, hi)
            else:
                expr = "(%s)x" % tcb
            narrow_kernel(kname, "rt_unary_params", "RT_UNARY(%s, rt_unary_params, %s, %s, %s, %s, %s, %s)"
                          % (kname, ta, tca, tb, loada, storeb, expr))
        elif b == "f8e8m0":
            narrow_kernel(kname, "rt_cast_params", "RT_CAST_TO_F8(%s, %s, %s, %s, %s)" % (
                kname, ta, tca, loada, "rt_f8e8m0_from_f32((float)x, saturate, round_mode)"))
        elif b == "f4e2m1":
            narrow_kernel(kname, "rt_unary_params", "RT_UNARY(%s, rt_unary_params, %s, %s, uint8_t, %s, RT_ID, %s)"
                          % (kname, ta, tca, loada, "rt_f4e2m1_from_f64((double)x)"))
        elif b in SMALL_FLOATS:
            narrow_kernel(kname, "rt_cast_params", "RT_CAST_TO_F8(%s, %s, %s, %s, %s)" % (
                kname, ta, tca, loada, "rt_%s_from_f64((double)x, saturate)" % b))
        else:
            whole = ("(uint64_t)RT_FTOI(int64_t, INT64_MIN, INT64_MAX)" if ka in ("float", "half")
                     else "(uint64_t)x")
            narrow_kernel(kname, "rt_unary_params", "RT_UNARY(%s, rt_unary_params, %s, %s, %s, %s, RT_ID, %s)"
                          % (kname, ta, tca, SMALL_INTS[b], loada, "rt_wrap_%s(%s)" % (b, whole)))

print("\n".join(out))
