/* Plain copies, by element size: Identity-like ops and outputs that
   duplicate another tensor. t = {x, y}; p = {count}. */
#include "rt.h"

//@kernel rt_copy_x8
RT_KERNEL(rt_copy_x8) { RT_UNUSED(f); memcpy(t[1], t[0], (size_t)p[0]); }
//@end
//@kernel rt_copy_x16
RT_KERNEL(rt_copy_x16) { RT_UNUSED(f); memcpy(t[1], t[0], (size_t)p[0] * 2); }
//@end
//@kernel rt_copy_x32
RT_KERNEL(rt_copy_x32) { RT_UNUSED(f); memcpy(t[1], t[0], (size_t)p[0] * 4); }
//@end
//@kernel rt_copy_x64
RT_KERNEL(rt_copy_x64) { RT_UNUSED(f); memcpy(t[1], t[0], (size_t)p[0] * 8); }
//@end
