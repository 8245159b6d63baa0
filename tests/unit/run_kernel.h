/* Test helper: runs one runtime kernel directly, by its id, on a parameter
   struct and tensors in the kernel's order, after checking that the struct
   is the kernel's (RT_PARAMS_ID). */
#ifndef DLC_TEST_RUN_KERNEL_H
#define DLC_TEST_RUN_KERNEL_H

#include <criterion/criterion.h>

#include "runtime/host/kernel_table.h"

#define RUN(id, p, ...) run_kernel((id), RT_PARAMS_ID(p), (p), (void *[]){__VA_ARGS__})

static inline void run_kernel(rt_kernel_id id, rt_params_id params_id, const void *params, void *const *t)
{
    const rt_kernel_info *info = rt_kernel(id);
    cr_assert(info->call, "%s is not on a parameter struct", info->name);
    cr_assert_eq(info->params, params_id, "wrong parameter struct for %s", info->name);
    info->call(params, t);
}

#endif
