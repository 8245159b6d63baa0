/* Threads for the kernels: rt_parallel_for(tasks, fn, ctx) runs
   fn(ctx, task, thread) for every task in [0, tasks). Code that dlc
   compiles with --threads=N defines RT_THREADS N before the runtime: then a
   small pool of pthreads (created on the first parallel call, at most N-1
   besides the caller) shares the tasks, and NAME_set_num_threads(n) chooses
   how many run (default 1). Otherwise, and inside dlc itself, it is a plain
   loop and needs no thread library.

   Kernels split their work into tasks whose results do not depend on which
   thread runs them (output tiles, channel planes): the output is
   bit-identical for every thread count. `thread` (0 for the caller) picks a
   task's slice of per-thread scratch memory. */
#ifndef DLC_RT_PARALLEL_H
#define DLC_RT_PARALLEL_H
#include "rt.h"

//@section rt_parallel
typedef void rt_task_fn(void *ctx, int64_t task, int thread);

#if defined(RT_THREADS) && RT_THREADS > 1
#include <pthread.h>

/* The pool: one job at a time (the model's calls run one after the other);
   workers take tasks from `next` under the lock. */
static struct rt_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    pthread_t threads[RT_THREADS];
    int started;                            /* workers created */
    int wanted;                             /* threads to use, the caller included (1..RT_THREADS) */
    unsigned generation;                    /* bumped for every job */
    int busy;                               /* workers still in the current job */
    rt_task_fn *fn;
    void *ctx;
    int64_t tasks, next;
} rt_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};

RT_HELPER int rt_num_threads(void) { return rt_pool.wanted > 1 ? rt_pool.wanted : 1; }

RT_HELPER void rt_set_num_threads(int n)
{
    pthread_mutex_lock(&rt_pool.lock);
    rt_pool.wanted = n < 1 ? 1 : n > RT_THREADS ? RT_THREADS : n;
    pthread_mutex_unlock(&rt_pool.lock);
}

/* Takes tasks until none is left; called with the lock held, returns with it held. */
RT_HELPER void rt_pool_work(int thread)
{
    while (rt_pool.next < rt_pool.tasks) {
        int64_t task = rt_pool.next++;
        pthread_mutex_unlock(&rt_pool.lock);
        rt_pool.fn(rt_pool.ctx, task, thread);
        pthread_mutex_lock(&rt_pool.lock);
    }
}

static void *rt_pool_worker(void *arg)
{
    int thread = (int)(intptr_t)arg;
    unsigned seen = 0;
    pthread_mutex_lock(&rt_pool.lock);
    for (;;) {
        while (rt_pool.generation == seen) pthread_cond_wait(&rt_pool.wake, &rt_pool.lock);
        seen = rt_pool.generation;
        if (thread < rt_pool.wanted) rt_pool_work(thread);
        if (--rt_pool.busy == 0) pthread_cond_signal(&rt_pool.done);
    }
    return NULL;
}

RT_HELPER void rt_parallel_for(int64_t tasks, rt_task_fn *fn, void *ctx)
{
    pthread_mutex_lock(&rt_pool.lock);
    int use = rt_pool.wanted < tasks ? rt_pool.wanted : (int)tasks;
    while (rt_pool.started < use - 1 && rt_pool.started < RT_THREADS - 1) {
        int t = rt_pool.started + 1;
        if (pthread_create(&rt_pool.threads[t], NULL, rt_pool_worker, (void *)(intptr_t)t) != 0) break;
        rt_pool.started++;
    }
    if (use <= 1 || rt_pool.started == 0) {
        pthread_mutex_unlock(&rt_pool.lock);
        for (int64_t t = 0; t < tasks; t++) fn(ctx, t, 0);
        return;
    }
    rt_pool.fn = fn, rt_pool.ctx = ctx, rt_pool.tasks = tasks, rt_pool.next = 0;
    rt_pool.busy = rt_pool.started;
    rt_pool.generation++;
    pthread_cond_broadcast(&rt_pool.wake);
    rt_pool_work(0);
    while (rt_pool.busy > 0) pthread_cond_wait(&rt_pool.done, &rt_pool.lock);
    pthread_mutex_unlock(&rt_pool.lock);
}
#else
RT_HELPER int rt_num_threads(void) { return 1; }

RT_HELPER void rt_parallel_for(int64_t tasks, rt_task_fn *fn, void *ctx)
{
    for (int64_t t = 0; t < tasks; t++) fn(ctx, t, 0);
}
#endif
//@end

#endif
