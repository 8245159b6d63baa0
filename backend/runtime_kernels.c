/* The runtime kernels compiled into dlc itself, so that constant folding runs
   exactly the code the generated programs run. */
#include "runtime_source.h"

#include <string.h>

#include "runtime_table.inc"

runtime_kernel_fn *runtime_kernel(const char *name)
{
    for (const runtime_kernel_entry *e = runtime_kernel_table; e->name; e++)
        if (strcmp(e->name, name) == 0) return e->fn;
    return NULL;
}
