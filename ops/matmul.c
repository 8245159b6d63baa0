/* Operators: matmul (not written yet). */
#include "op.h"

const op_def ops_matmul[] = {
    {0},
};
