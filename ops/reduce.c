/* Operators: reduce (not written yet). */
#include "op.h"

const op_def ops_reduce[] = {
    {0},
};
