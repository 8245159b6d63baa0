/* Target descriptions: what dlc's cost model (ops/tiling.c) knows of the
   machine the generated code is tuned for. The generated C picks its SIMD
   path itself, at its own compile time (runtime/gemm.h: __AVX512F__,
   __AVX2__); a description only decides block sizes, which change speed and
   never results. */
#ifndef DLC_TARGET_H
#define DLC_TARGET_H

#include <stdint.h>

typedef struct target_desc {
    const char *name;              /* as --tune takes it */
    const char *what;              /* one line for --help and --stats */
    int vector_floats;             /* floats per SIMD register */
    int vector_registers;
    int sgemm_nr;                  /* the sgemm micro-tile's columns (runtime/gemm.h RT_SGEMM_NR) */
    int64_t l1d_bytes;             /* per core */
    int64_t l2_bytes;              /* per core */
    int64_t l3_bytes_per_core;     /* the shared L3 over the cores that share it */
} target_desc;

/* The description named NAME ("avx512", "avx2", "generic"), or "host": the
   one that matches the CPU dlc runs on. NULL for an unknown name. */
const target_desc *target_find(const char *name);
const target_desc *target_host(void);
/* The names, comma-separated, for --help and diagnostics. */
const char *target_names(void);

#endif
