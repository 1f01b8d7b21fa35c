/* The portal's printed documents: the public extract of a meeting's
 * minutes (会议纪要) and a published decision's notice (决策公告), A4 PDF in
 * Chinese, laid out by the terminals' own document code (client/doc_pdf.c,
 * pango on cairo). Made from the public JSON of api.portal_minutes and
 * api.portal_decision_doc alone. They take tens of milliseconds of CPU, so
 * portal.c makes them on a worker thread, never on the loop: these
 * functions touch nothing but their arguments. */
#ifndef YG_PORTAL_DOCS_H
#define YG_PORTAL_DOCS_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct page_ctx;

/* The PDF's bytes (malloc'd) and *len, or NULL if it could not be made. */
char *doc_portal_minutes(const cJSON *m, const struct page_ctx *ctx, size_t *len);
char *doc_portal_decision(const cJSON *d, const struct page_ctx *ctx, size_t *len);

#endif
