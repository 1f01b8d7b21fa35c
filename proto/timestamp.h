/* Date-times on the wire: RFC 3339, "2026-12-01T09:00:00+08:00" — date, 'T',
 * time to the second (a fraction allowed and ignored), then 'Z' or an offset
 * of at most 14 hours. A time a person schedules must also fall within
 * TS_MIN..TS_MAX: no "infinity", no year 294276. The database checks the
 * same (sql/0015_material_chunks.sql). */
#ifndef YG_PROTO_TIMESTAMP_H
#define YG_PROTO_TIMESTAMP_H

#define TS_MIN 946684800LL   /* 2000-01-01T00:00:00Z */
#define TS_MAX 32503680000LL /* 3000-01-01T00:00:00Z, excluded */

/* Seconds since the epoch of an RFC 3339 date-time in *t; 0, or -1 if s is
 * not one (bad shape, no such day or hour, no offset). */
int ts_parse(const char *s, long long *t);

/* Why s cannot be a scheduled time (a phrase for a message), or NULL when
 * it is an RFC 3339 date-time within TS_MIN..TS_MAX; its instant in *t. */
const char *ts_check(const char *s, long long *t);

#endif
