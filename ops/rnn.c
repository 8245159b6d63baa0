/* Operators: rnn (not written yet). */
#include "op.h"

const op_def ops_rnn[] = {
    {0},
};
