/* Printed documents (会议纪要, 决定, 公告) as A4 PDF, laid out with pango
 * and drawn with cairo: paragraphs flow down the page and on to the next,
 * line by line, with a CJK font found through fontconfig. No display is
 * needed. yg (doc_cmd.c) and the portal (server/portal/docs.c) both lay
 * out their documents with it, through doc_load.c (struct doc_api). */
#ifndef YG_CLIENT_DOC_PDF_H
#define YG_CLIENT_DOC_PDF_H

#include <stdio.h>

struct doc_pdf;

enum doc_style {
	DOC_TITLE,    /* large, bold, centred */
	DOC_SUBTITLE, /* centred */
	DOC_HEADING,  /* bold */
	DOC_BODY,     /* first line indented by two characters */
	DOC_FIELD,    /* a label and its value, no indent */
	DOC_RIGHT,    /* right-aligned (signatures, dates) */
	DOC_SMALL,    /* the record's hash and how to verify it */
};

/* A document written to path; NULL if the file cannot be made. footer is
 * printed at the foot of every page with the page number. */
struct doc_pdf *doc_open(const char *path, const char *footer);
/* A document made in memory (doc_close_mem gives its bytes). */
struct doc_pdf *doc_open_mem(const char *footer);
/* A paragraph of plain text (UTF-8), in style. */
void doc_para(struct doc_pdf *d, enum doc_style style, const char *text);
/* printf into a paragraph. */
void doc_paraf(struct doc_pdf *d, enum doc_style style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Vertical space, in points. */
void doc_space(struct doc_pdf *d, double pt);
/* Finish and close; the number of pages, or -1 if writing failed. The
 * font caches are released: one document per process. */
int doc_close(struct doc_pdf *d);
/* Finish a document of doc_open_mem: its bytes in *buf (the caller frees
 * them) and *len; the number of pages, or -1. The font caches stay (a
 * server's thread makes many documents); pango's font map is the
 * calling thread's own, so threads may each make documents at once. */
int doc_close_mem(struct doc_pdf *d, char **buf, size_t *len);
/* At the end, once no other thread makes documents (or has been joined):
 * the font caches of cairo and fontconfig given back. */
void doc_pdf_release(void);

/* yg and ygd reach doc_pdf.c (built alone into yg-doc.so, with pango,
 * cairo and fontconfig) through this table, loaded with the first document
 * (doc_load.c): the programs themselves do not link those libraries. */
struct doc_api {
	struct doc_pdf *(*open)(const char *path, const char *footer);
	struct doc_pdf *(*open_mem)(const char *footer);
	void (*para)(struct doc_pdf *d, enum doc_style style, const char *text);
	void (*space)(struct doc_pdf *d, double pt);
	int (*close)(struct doc_pdf *d);
	int (*close_mem)(struct doc_pdf *d, char **buf, size_t *len);
	void (*release)(void);
};
extern const struct doc_api yg_doc_api;

#endif
