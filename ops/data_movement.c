/* Operators: data_movement (not written yet). */
#include "op.h"

const op_def ops_data_movement[] = {
    {0},
};
