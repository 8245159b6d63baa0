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

/* The pool: one job at a time (the model's calls run one after the other).
   A job is published by bumping `generation`; workers take tasks with an
   atomic counter and count themselves out through `busy`. Waking a sleeping
   thread through the kernel costs tens of microseconds (47 us for a job of
   empty tasks on the 2-core VM of 2026-11-27), more than many kernels take,
   so workers spin on `generation` for a while (RT_POOL_SPIN pauses) before
   they sleep, and the caller spins for the last tasks to finish. */
#ifndef RT_POOL_SPIN
#define RT_POOL_SPIN 200000
#endif
static struct rt_pool {
    pthread_mutex_t lock;                   /* guards sleepers and the sleep */
    pthread_cond_t wake;
    pthread_t threads[RT_THREADS];
    unsigned first_seen[RT_THREADS];        /* the generation when worker t was created */
    int started;                            /* workers created (the caller's thread only) */
    int wanted;                             /* threads to use, the caller included (1..RT_THREADS) */
    int sleepers;                           /* workers blocked on wake */
    unsigned generation;                    /* bumped for every job (atomic) */
    int busy;                               /* workers still in the current job (atomic) */
    rt_task_fn *fn;
    void *ctx;
    int64_t tasks, next;                    /* next: the next task to take (atomic) */
} rt_pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

RT_HELPER void rt_pool_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

RT_HELPER int rt_num_threads(void)
{
    int n = __atomic_load_n(&rt_pool.wanted, __ATOMIC_RELAXED);
    return n > 1 ? n : 1;
}

RT_HELPER void rt_set_num_threads(int n)
{
    __atomic_store_n(&rt_pool.wanted, n < 1 ? 1 : n > RT_THREADS ? RT_THREADS : n, __ATOMIC_RELAXED);
}

/* Takes the job's tasks until none is left. */
RT_HELPER void rt_pool_work(int thread)
{
    int64_t task;
    while ((task = __atomic_fetch_add(&rt_pool.next, 1, __ATOMIC_RELAXED)) < rt_pool.tasks)
        rt_pool.fn(rt_pool.ctx, task, thread);
}

/* Until the generation differs from seen: spinning first, then asleep. */
RT_HELPER unsigned rt_pool_wait(unsigned seen)
{
    for (int spins = 0; spins < RT_POOL_SPIN; spins++) {
        unsigned g = __atomic_load_n(&rt_pool.generation, __ATOMIC_ACQUIRE);
        if (g != seen) return g;
        rt_pool_pause();
    }
    pthread_mutex_lock(&rt_pool.lock);
    rt_pool.sleepers++;
    while (__atomic_load_n(&rt_pool.generation, __ATOMIC_ACQUIRE) == seen)
        pthread_cond_wait(&rt_pool.wake, &rt_pool.lock);
    rt_pool.sleepers--;
    pthread_mutex_unlock(&rt_pool.lock);
    return __atomic_load_n(&rt_pool.generation, __ATOMIC_ACQUIRE);
}

static void *rt_pool_worker(void *arg)
{
    int thread = (int)(intptr_t)arg;
    unsigned seen = rt_pool.first_seen[thread]; /* jobs before it was created are not its own */
    for (;;) {
        seen = rt_pool_wait(seen);
        if (thread < rt_num_threads()) rt_pool_work(thread);
        __atomic_fetch_sub(&rt_pool.busy, 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

RT_HELPER void rt_parallel_for(int64_t tasks, rt_task_fn *fn, void *ctx)
{
    int use = rt_num_threads() < tasks ? rt_num_threads() : (int)tasks;
    while (rt_pool.started < use - 1) {
        int t = rt_pool.started + 1;
        rt_pool.first_seen[t] = __atomic_load_n(&rt_pool.generation, __ATOMIC_RELAXED);
        if (pthread_create(&rt_pool.threads[t], NULL, rt_pool_worker, (void *)(intptr_t)t) != 0) break;
        rt_pool.started++;
    }
    if (use <= 1 || rt_pool.started == 0) {
        for (int64_t t = 0; t < tasks; t++) fn(ctx, t, 0);
        return;
    }
    rt_pool.fn = fn, rt_pool.ctx = ctx, rt_pool.tasks = tasks;
    __atomic_store_n(&rt_pool.next, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&rt_pool.busy, rt_pool.started, __ATOMIC_RELAXED);
    __atomic_fetch_add(&rt_pool.generation, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&rt_pool.lock);
    if (rt_pool.sleepers > 0) pthread_cond_broadcast(&rt_pool.wake);
    pthread_mutex_unlock(&rt_pool.lock);
    rt_pool_work(0);
    while (__atomic_load_n(&rt_pool.busy, __ATOMIC_ACQUIRE) > 0) rt_pool_pause();
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
