/* The target descriptions the cost model tunes for (see target.h). The
   AVX-512 entry is the machine dlc's benchmark runs on (AMD EPYC, Zen 4: 32
   KiB L1d and 1 MiB L2 per core, 32 MiB L3 per 8 cores, from
   /sys/devices/system/cpu/cpu0/cache); the AVX2 entry a common AVX2 desktop
   core (Skylake: 32 KiB, 256 KiB, 2 MiB of L3 per core); the generic entry
   the portable path (SSE2 registers, the same caches as the AVX2 one). */
#include "target.h"

#include <string.h>

static const target_desc targets[] = {
    {"avx512", "AVX-512, tuned on AMD Zen 4 (L1d 32 KiB, L2 1 MiB, L3 4 MiB a core)", 16, 32, 32, 32 << 10,
     1 << 20, 4 << 20},
    {"avx2", "AVX2+FMA, tuned on Intel Skylake (L1d 32 KiB, L2 256 KiB, L3 2 MiB a core)", 8, 16, 16, 32 << 10,
     256 << 10, 2 << 20},
    {"generic", "portable x86-64 (SSE2), caches as avx2", 4, 16, 16, 32 << 10, 256 << 10, 2 << 20},
};

const target_desc *target_find(const char *name)
{
    if (strcmp(name, "host") == 0) return target_host();
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(targets[i].name, name) == 0) return &targets[i];
    return NULL;
}

const target_desc *target_host(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (__builtin_cpu_supports("avx512f")) return &targets[0];
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &targets[1];
#endif
    return &targets[2];
}

const char *target_names(void) { return "host, avx512, avx2, generic"; }
