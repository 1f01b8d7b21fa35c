/* A4 documents with pango's text layout on cairo's PDF surface. Each
 * paragraph is laid out to the text width, then drawn line by line so that
 * it can continue on the next page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "../proto/xalloc.h"
#include "doc_pdf.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#define PAGE_W   595.28 /* A4 in points */
#define PAGE_H   841.89
#define MARGIN_X 79.0 /* about 28 mm, as official documents have */
#define MARGIN_T 72.0
#define MARGIN_B 80.0
/* Serif CJK first (the look of printed documents), then any CJK font. */
#define DOC_FONTS "Noto Serif CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, serif"

struct doc_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	double y;
	int page;
	char *footer;
	FILE *mem; /* doc_open_mem: the PDF's bytes go here */
	char *mem_buf;
	size_t mem_len;
};

struct doc_look {
	double size;
	int bold;
	PangoAlignment align;
	int indent; /* the first line indented by two characters */
	double after;
};

static struct doc_look doc_look(enum doc_style s)
{
	switch (s) {
	case DOC_TITLE:
		return (struct doc_look){22, 1, PANGO_ALIGN_CENTER, 0, 10};
	case DOC_SUBTITLE:
		return (struct doc_look){14, 0, PANGO_ALIGN_CENTER, 0, 14};
	case DOC_HEADING:
		return (struct doc_look){14, 1, PANGO_ALIGN_LEFT, 0, 6};
	case DOC_BODY:
		return (struct doc_look){12, 0, PANGO_ALIGN_LEFT, 1, 6};
	case DOC_FIELD:
		return (struct doc_look){12, 0, PANGO_ALIGN_LEFT, 0, 4};
	case DOC_RIGHT:
		return (struct doc_look){12, 0, PANGO_ALIGN_RIGHT, 0, 4};
	case DOC_SMALL:
	default:
		return (struct doc_look){8.5, 0, PANGO_ALIGN_LEFT, 0, 2};
	}
}

/* A layout of text in look, as wide as the text area. */
static PangoLayout *doc_layout(struct doc_pdf *d, const struct doc_look *l, const char *text)
{
	PangoLayout *lay = pango_cairo_create_layout(d->cr);
	PangoFontDescription *fd = pango_font_description_from_string(DOC_FONTS);

	pango_font_description_set_absolute_size(fd, l->size * PANGO_SCALE);
	if (l->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(lay, (int)((PAGE_W - 2 * MARGIN_X) * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, l->align);
	if (l->indent)
		pango_layout_set_indent(lay, (int)(2 * l->size * PANGO_SCALE));
	pango_layout_set_spacing(lay, (int)(l->size * 0.45 * PANGO_SCALE));
	pango_layout_set_text(lay, text, -1);
	return lay;
}

/* The page number and the footer at the foot of the page, then a new page. */
static void doc_foot(struct doc_pdf *d)
{
	struct doc_look l = {8, 0, PANGO_ALIGN_CENTER, 0, 0};
	char *text = NULL;
	PangoLayout *lay;

	if (asprintf(&text, "%s　第 %d 页", d->footer, d->page) < 0)
		return;
	lay = doc_layout(d, &l, text);
	cairo_move_to(d->cr, MARGIN_X, PAGE_H - MARGIN_B + 30);
	pango_cairo_show_layout(d->cr, lay);
	g_object_unref(lay);
	free(text);
}

static void doc_new_page(struct doc_pdf *d)
{
	doc_foot(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_T;
}

/* A document on a surface made for it; NULL (and the surface destroyed)
 * if cairo could not make it. */
static struct doc_pdf *doc_start(struct doc_pdf *d, cairo_surface_t *surface, const char *footer)
{
	d->surface = surface;
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->surface);
		if (d->mem != NULL)
			fclose(d->mem);
		free(d->mem_buf);
		free(d);
		return NULL;
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "yangguang");
	d->cr = cairo_create(d->surface);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y = MARGIN_T;
	d->page = 1;
	d->footer = xstrdup(footer != NULL ? footer : "");
	return d;
}

struct doc_pdf *doc_open(const char *path, const char *footer)
{
	struct doc_pdf *d = xcalloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	return doc_start(d, cairo_pdf_surface_create(path, PAGE_W, PAGE_H), footer);
}

static cairo_status_t doc_mem_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct doc_pdf *d = closure;

	return fwrite(data, 1, len, d->mem) == len ? CAIRO_STATUS_SUCCESS
						   : CAIRO_STATUS_WRITE_ERROR;
}

struct doc_pdf *doc_open_mem(const char *footer)
{
	struct doc_pdf *d = xcalloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	if ((d->mem = open_memstream(&d->mem_buf, &d->mem_len)) == NULL) {
		free(d);
		return NULL;
	}
	return doc_start(d, cairo_pdf_surface_create_for_stream(doc_mem_write, d, PAGE_W, PAGE_H),
			 footer);
}

void doc_para(struct doc_pdf *d, enum doc_style style, const char *text)
{
	struct doc_look l = doc_look(style);
	PangoLayout *lay = doc_layout(d, &l, text);
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	PangoRectangle logical;
	double top = -1, base;

	/* Each line where the layout puts it, shifted onto a new page when it
	 * would cross the bottom margin. */
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		if (top < 0)
			top = d->y - (double)logical.y / PANGO_SCALE;
		if (top + (double)(logical.y + logical.height) / PANGO_SCALE > PAGE_H - MARGIN_B) {
			doc_new_page(d);
			top = d->y - (double)logical.y / PANGO_SCALE;
		}
		base = top + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(d->cr, MARGIN_X + (double)logical.x / PANGO_SCALE, base);
		pango_cairo_show_layout_line(d->cr, line);
		d->y = top + (double)(logical.y + logical.height) / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(lay);
	d->y += l.after;
}

void doc_space(struct doc_pdf *d, double pt)
{
	d->y += pt;
	if (d->y > PAGE_H - MARGIN_B)
		doc_new_page(d);
}

/* The last page out and the surface finished; 1 if writing failed. */
static int doc_finish(struct doc_pdf *d)
{
	int bad;

	doc_foot(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	/* Cairo 1.16 (Debian 12) loses one 768-byte array for each CID-keyed
	 * CFF font it subsets while it finishes a PDF (valgrind shows it in
	 * the plain build too): the leak check looks away from what cairo
	 * allocates in there, and only there, so that any object of ours
	 * left undestroyed is still found. */
#if defined(__SANITIZE_ADDRESS__)
	__lsan_disable();
#endif
	cairo_surface_finish(d->surface);
#if defined(__SANITIZE_ADDRESS__)
	__lsan_enable();
#endif
	bad = cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(d->surface);
	free(d->footer);
	return bad;
}

int doc_close(struct doc_pdf *d)
{
	int pages = d->page, bad = doc_finish(d);

	free(d);
	/* yg makes one document and ends */
	pango_cairo_font_map_set_default(NULL);
	doc_pdf_release();
	return bad ? -1 : pages;
}

/* Give back the font caches cairo and fontconfig keep for the life of the
 * process (pango's font map of a thread goes with the thread). */
void doc_pdf_release(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

int doc_close_mem(struct doc_pdf *d, char **buf, size_t *len)
{
	int pages = d->page, bad = doc_finish(d);

	bad |= fclose(d->mem) != 0;
	if (bad) {
		free(d->mem_buf);
		*buf = NULL;
		*len = 0;
	} else {
		*buf = d->mem_buf;
		*len = d->mem_len;
	}
	free(d);
	return bad ? -1 : pages;
}

/* What doc_load.c finds in yg-doc.so. */
const struct doc_api yg_doc_api = {
	.open = doc_open,
	.open_mem = doc_open_mem,
	.para = doc_para,
	.space = doc_space,
	.close = doc_close,
	.close_mem = doc_close_mem,
	.release = doc_pdf_release,
};
