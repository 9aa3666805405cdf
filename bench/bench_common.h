/* Clocks for the benchmark programs, shared by the C++ and the C peer: wall = CLOCK_MONOTONIC, cpu = user+sys
 * of the whole process (getrusage), both in seconds. */
#ifndef LOOPSCOPE_BENCH_COMMON_H
#define LOOPSCOPE_BENCH_COMMON_H

#include <sys/resource.h>
#include <time.h>

static inline double bench_wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double bench_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
         (double)ru.ru_stime.tv_usec * 1e-6;
}

#endif
