/* Operators: resize (not written yet). */
#include "op.h"

const op_def ops_resize[] = {
    {0},
};
