/* Plain copies, by element size: Identity-like ops and outputs that
   duplicate another tensor. */
#include "copy.h"

//@kernel rt_copy_x8(rt_copy_params, x, y)
static void rt_copy_x8(const rt_copy_params *p, const void *x, void *y) { memcpy(y, x, (size_t)p->count); }
//@end
//@kernel rt_copy_x16(rt_copy_params, x, y)
static void rt_copy_x16(const rt_copy_params *p, const void *x, void *y) { memcpy(y, x, (size_t)p->count * 2); }
//@end
//@kernel rt_copy_x32(rt_copy_params, x, y)
static void rt_copy_x32(const rt_copy_params *p, const void *x, void *y) { memcpy(y, x, (size_t)p->count * 4); }
//@end
//@kernel rt_copy_x64(rt_copy_params, x, y)
static void rt_copy_x64(const rt_copy_params *p, const void *x, void *y) { memcpy(y, x, (size_t)p->count * 8); }
//@end
