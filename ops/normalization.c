/* Operators: normalization (not written yet). */
#include "op.h"

const op_def ops_normalization[] = {
    {0},
};
