/*
 * pg_compat.h -- what differs between the PostgreSQL versions pg_said builds
 * for (15, 17 and 18), in one place: the SQL layer calls the names below and
 * the version checks stay here.
 */
#ifndef SAID_PG_COMPAT_H
#define SAID_PG_COMPAT_H

#include "utils/rangetypes.h"

/* 16 gave range_serialize (and make_range) a soft-error context: NULL,
 * errors are thrown */
#if PG_VERSION_NUM >= 160000
#define said_range_serialize(typcache, lower, upper, empty) \
	range_serialize((typcache), (lower), (upper), (empty), NULL)
#else
#define said_range_serialize(typcache, lower, upper, empty) \
	range_serialize((typcache), (lower), (upper), (empty))
#endif

#endif							/* SAID_PG_COMPAT_H */
