/* Memory planning's shared state (passes/plan_memory.c, plan_views.c,
   plan_in_place.c): which values share memory. The values form a forest:
   a root owns its memory (the weights, a caller's buffer, or an arena
   interval), every other value lives inside its host at a byte offset.
   Memory planning gives each root one lifetime, from the first call that
   touches any value of its tree to the last. */
#ifndef DLC_PLAN_HOMES_H
#define DLC_PLAN_HOMES_H

#include "ir/lir.h"

typedef struct plan_homes {
    int *host;                     /* by value id: the value it lives in, or -1 for a root */
    size_t *at;                    /* by value id: its byte offset inside host */
} plan_homes;

/* The root that holds v; *offset (if not NULL) is v's byte offset in it. */
int homes_root(const plan_homes *h, int v, size_t *offset);
/* Places value v (a root) inside value host at byte offset at. */
void homes_put(plan_homes *h, int v, int host, size_t at);

/* Drops the view calls (lir_call.is_view) whose source and destination can
   share memory, recording the sharing in h; counts them in p->copies_removed. */
void plan_views(lir_program *p, plan_homes *h);
/* Lets elementwise calls write their output over an input that no later call
   needs, by joining the output's tree to the input's; first and last are the
   roots' lifetimes in call indices (updated), locs the places already fixed
   (constants, inputs, outputs). Counts them in p->in_place. */
void plan_in_place(lir_program *p, plan_homes *h, int *first, int *last);

#endif
