/* Operators: conv (not written yet). */
#include "op.h"

const op_def ops_conv[] = {
    {0},
};
