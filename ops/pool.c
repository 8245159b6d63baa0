/* Operators: pool (not written yet). */
#include "op.h"

const op_def ops_pool[] = {
    {0},
};
