#!/usr/bin/python3
"""Turns bench/run.sh's measurements into its table, CSV and chart.

    report.py --machine MACHINE.txt --records RECORDS.txt --out PREFIX [--gnuplot PATH]

MACHINE.txt: key=value lines (date, CPU, load, versions, peak line, command).
RECORDS.txt: one line per model and thread count, key=value words: model,
threads, flops (bench/flops.py), the build's sizes and times, ort_* and
dlc_* figures (bench/ort_time.js, bench/timer.c), max_diff and check, or
status=... when a step failed. Writes PREFIX.md (also printed), PREFIX.csv
and, when gnuplot runs, PREFIX.png (bench/chart.gp: ORT/dlc ratio per model,
one bar per thread count).
"""

import argparse
import csv
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CSV_COLUMNS = [
    "model", "threads", "ort_threads", "dlc_threads", "flops",
    "ort_median_ms", "ort_p10_ms", "ort_p25_ms", "ort_p75_ms", "ort_p90_ms", "ort_min_ms", "ort_iqr_ms", "ort_runs",
    "dlc_median_ms", "dlc_p10_ms", "dlc_p25_ms", "dlc_p75_ms", "dlc_p90_ms", "dlc_min_ms", "dlc_iqr_ms", "dlc_runs",
    "ratio_ort_over_dlc", "ort_gflops", "dlc_gflops", "ort_pct_peak", "dlc_pct_peak",
    "ort_mem_bytes", "dlc_mem_bytes", "dlc_arena_bytes", "dlc_weights_bytes", "dlc_stack_bytes",
    "dlc_text_bytes", "dlc_rodata_bytes", "c_bytes", "dlc_compile_s", "cc_compile_s",
    "max_diff", "check", "status",
]


def read_machine(path):
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            out[k] = v
    return out


def read_records(path):
    rows = []
    with open(path) as f:
        for line in f:
            words = [w.partition("=") for w in line.split()]
            if words:
                rows.append({k: v for k, _, v in words})
    return rows


def num(r, key):
    try:
        x = float(r.get(key, ""))
        return x if math.isfinite(x) else None
    except ValueError:
        return None


def peak_gflops(machine):
    for w in machine.get("peak", "").split():
        if w.startswith("peak_gflops="):
            return float(w.split("=")[1])
    return None


def derive(r, peak):
    """Adds the computed columns to a record (in place) and returns it."""
    r.setdefault("status", "ok")
    for side in ("ort", "dlc"):
        med, p25, p75 = (num(r, "%s_%s" % (side, k)) for k in ("median_ms", "p25_ms", "p75_ms"))
        if p25 is not None and p75 is not None:
            r[side + "_iqr_ms"] = "%.4f" % (p75 - p25)
        flops, threads = num(r, "flops"), num(r, side + "_threads")
        if med and flops:
            gflops = flops / (med * 1e-3) / 1e9
            r[side + "_gflops"] = "%.2f" % gflops
            if peak and threads:  # share of the peak of the threads it ran on
                r[side + "_pct_peak"] = "%.1f" % (100 * gflops / (peak * threads))
    o, d = num(r, "ort_median_ms"), num(r, "dlc_median_ms")
    if o and d:
        r["ratio_ort_over_dlc"] = "%.3f" % (o / d)
    parts = [num(r, k) for k in ("arena_bytes", "weights_bytes", "dlc_stack_bytes")]
    if None not in parts:
        r["dlc_mem_bytes"] = "%d" % sum(parts)
    r["ort_mem_bytes"] = r.get("ort_mem_bytes", "")
    renames = {"arena_bytes": "dlc_arena_bytes", "weights_bytes": "dlc_weights_bytes", "text_bytes": "dlc_text_bytes",
               "rodata_bytes": "dlc_rodata_bytes", "dlc_s": "dlc_compile_s", "cc_s": "cc_compile_s"}
    for old, new in renames.items():
        if old in r:
            r[new] = r[old]
    return r


def fmt_ms(x):
    if x is None:
        return ""
    return "%.4f" % x if x < 0.1 else "%.3f" % x if x < 1 else "%.2f" % x if x < 100 else "%.1f" % x


def fmt(x, digits):
    return "" if x is None else "%.*f" % (digits, x)


def mb(x):
    return "" if x is None else "%.1f" % (x / 1e6) if x >= 1e5 else "%.2f" % (x / 1e6)


def table_row(r):
    threads = r.get("threads", "")  # absent when the build failed
    if r.get("dlc_threads") and r["dlc_threads"] != threads:
        threads = "%s (dlc %s)" % (threads, r["dlc_threads"])
    check = r.get("check", "")
    if r["status"] != "ok":
        check = ("%s %s" % (check, r["status"])).strip()
    elif check:
        check = "%s %s" % (r.get("max_diff", ""), check)

    def speed(side):
        g, p = num(r, side + "_gflops"), num(r, side + "_pct_peak")
        return "" if g is None else "%.2f (%.0f%%)" % (g, p) if p is not None else "%.2f" % g

    flops = num(r, "flops")
    cells = [r["model"], threads, "" if flops is None else "%.3g" % (flops / 1e9),
             fmt_ms(num(r, "ort_median_ms")), fmt_ms(num(r, "ort_iqr_ms")),
             fmt_ms(num(r, "dlc_median_ms")), fmt_ms(num(r, "dlc_iqr_ms")),
             fmt(num(r, "ratio_ort_over_dlc"), 2), speed("ort"), speed("dlc"),
             mb(num(r, "ort_mem_bytes")), mb(num(r, "dlc_mem_bytes")),
             fmt((num(r, "dlc_text_bytes") or 0) / 1e3 if "dlc_text_bytes" in r else None, 1),
             mb(num(r, "dlc_rodata_bytes")), check]
    return "| " + " | ".join(cells) + " |"


def markdown(machine, rows):
    peak = peak_gflops(machine)
    lines = [
        "%s; %s, %s cores; 1-minute load average %s at the start, %s at the end (shared machine: other"
        " work ran alongside, expect noise)." % (machine["start"], machine["cpu"] or "unknown CPU", machine["cores"],
                                                 machine["load_start"].split()[0], machine["load_end"].split()[0]),
        "%s; dlc's thread option: %s." % (machine["dlc"], machine["dlc_threads_option"]),
        "%s; ONNX Runtime %s (onnxruntime-node, CPU EP, graphOptimizationLevel all, intraOpNumThreads = threads)."
        % (machine["cc"], machine["ort"]),
        "FP32 peak (bench/peak.c, one thread): %s." % (
            "%.1f GFLOP/s (%s)" % (peak, machine["peak"].split()[1]) if peak else "not measured"),
        "Each: %s warm-up run(s), then at least %s timed runs and at least %s s of them; times are medians,"
        " IQR = p75 - p25 (ms); ratio = ORT median / dlc median (> 1: dlc is faster); GFLOP/s from"
        " bench/flops.py's count, %% of peak x threads used; memory in MB (10^6 bytes): dlc = arena + weights"
        " + stack high-water, ORT = peak RSS over the RSS before the session; code = .text of the model's"
        " object, weights = its .rodata." % (machine["warmup"], machine["runs"], machine["min_seconds"]),
        "",
        "| model | threads | GFLOP | ORT ms | ORT IQR | dlc ms | dlc IQR | ORT/dlc | ORT GFLOP/s (% peak)"
        " | dlc GFLOP/s (% peak) | ORT mem MB | dlc mem MB | dlc code KB | dlc weights MB | max abs(dlc-ORT) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += [table_row(r) for r in rows]
    return "\n".join(lines) + "\n"


def series_title(rows, t):
    """The legend of thread count T: "2 threads", or "2 threads (dlc 1)" when
    dlc's code ran on fewer."""
    title = "%s thread%s" % (t, "" if t == "1" else "s")
    dlc = {r.get("dlc_threads") for r in rows if r.get("threads") == t and r.get("dlc_threads")}
    if dlc and dlc != {t}:
        title += " (dlc %s)" % ", ".join(sorted(dlc))
    return title


def write_chart(rows, prefix, gnuplot, machine):
    """PREFIX.dat (model, ratio per thread count) and PREFIX.png; False if gnuplot is missing or fails."""
    threads = sorted({r["threads"] for r in rows if "threads" in r}, key=int)
    models = list(dict.fromkeys(r["model"] for r in rows))
    ratio = {(r["model"], r["threads"]): r.get("ratio_ort_over_dlc") for r in rows if "threads" in r}
    with open(prefix + ".dat", "w") as f:
        f.write("model " + " ".join('"%s"' % series_title(rows, t) for t in threads) + "\n")
        for m in models:
            f.write(m + " " + " ".join(ratio.get((m, t)) or "NaN" for t in threads) + "\n")
    title = "ORT median / dlc median (> 1: dlc faster); %s, %s, %s cores, load average %s to %s" % (
        machine["start"], machine["cpu"], machine["cores"], machine["load_start"].split()[0],
        machine["load_end"].split()[0])
    values = [float(v) for v in ratio.values() if v]
    low = min([1 / 16] + [v / 1.5 for v in values])
    high = max([32] + [v * 1.5 for v in values])
    lo, hi = math.floor(math.log2(low)), math.ceil(math.log2(high))
    tics = ", ".join('"%s" %r' % ("1/%d" % 2 ** -k if k < 0 else "%d" % 2 ** k, 2.0 ** k) for k in range(lo, hi + 1))
    cmd = [gnuplot, "-e", "data='%s'; out='%s'; ncols=%d; heading='%s'; ymin=%r; ymax=%r; ytics_list='%s'" % (
        prefix + ".dat", prefix + ".png", len(threads) + 1, title.replace("'", ""), 2.0 ** lo, 2.0 ** hi, tics),
        os.path.join(HERE, "chart.gp")]
    try:
        subprocess.run(cmd, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("report.py: no chart (%s): install gnuplot (scripts/install_deps.sh)" % e, file=sys.stderr)
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--machine", required=True)
    ap.add_argument("--records", required=True)
    ap.add_argument("--out", required=True, metavar="PREFIX")
    ap.add_argument("--gnuplot", default="gnuplot")
    a = ap.parse_args()
    machine = read_machine(a.machine)
    peak = peak_gflops(machine)
    rows = [derive(r, peak) for r in read_records(a.records)]
    md = markdown(machine, rows)
    sys.stdout.write(md)
    with open(a.out + ".md", "w") as f:
        f.write("# Benchmark results\n\nWritten by `bench/run.sh --write` (see README.md for what is measured).\n"
                "Command: `%s`\n\n" % machine["command"])
        if any(r.get("ratio_ort_over_dlc") for r in rows):
            f.write("![ORT/dlc per model](results.png)\n\n")
        f.write(md)
    with open(a.out + ".csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in CSV_COLUMNS})
    if any(r.get("ratio_ort_over_dlc") for r in rows):
        write_chart(rows, a.out, a.gnuplot, machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
