/* Parameters of the plain copies (runtime/copy.c). */
#ifndef DLC_RT_COPY_H
#define DLC_RT_COPY_H
#include "rt.h"

//@params rt_copy_params
typedef struct rt_copy_params {
    int64_t count;                 /* elements */
} rt_copy_params;
//@end

#endif
