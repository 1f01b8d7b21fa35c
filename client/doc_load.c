/* The printed documents of doc_pdf.h for yg and ygd, which do not link
 * pango, cairo and fontconfig: those and the thirty libraries they bring
 * cost every start of yg (about 20 ms of CPU plain, 50 ms under
 * AddressSanitizer) though only `yg doc` and the portal's PDFs use them.
 * doc_pdf.c is built alone into yg-doc.so, which the first document loads
 * from the directory of the running program (the build) or from
 * ../lib/yangguang beside it (make install). */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc_pdf.h"

static const struct doc_api *doc_api;
static pthread_once_t doc_once = PTHREAD_ONCE_INIT;

/* Where yg-doc.so is: dir (the program's directory) then name. */
static void *doc_try(const char *dir, const char *name, char *why, size_t whylen)
{
	char path[PATH_MAX + 64];
	void *h;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL && why[0] == '\0')
		snprintf(why, whylen, "%s", dlerror());
	return h;
}

static void doc_load(void)
{
	char exe[PATH_MAX], why[512] = "";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	void *h = NULL;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if ((h = doc_try(exe, "yg-doc.so", why, sizeof(why))) == NULL) {
			why[0] = '\0';
			h = doc_try(exe, "../lib/yangguang/yg-doc.so", why, sizeof(why));
		}
	} else
		snprintf(why, sizeof(why), "/proc/self/exe cannot be read");
	if (h != NULL && (doc_api = dlsym(h, "yg_doc_api")) == NULL)
		snprintf(why, sizeof(why), "%s", dlerror());
	if (doc_api == NULL)
		fprintf(stderr, "the PDF support (yg-doc.so) could not be loaded: %s\n", why);
}

/* The functions of yg-doc.so; NULL (said on stderr) if it cannot be had. */
static const struct doc_api *doc_get(void)
{
	pthread_once(&doc_once, doc_load);
	return doc_api;
}

struct doc_pdf *doc_open(const char *path, const char *footer)
{
	return doc_get() != NULL ? doc_api->open(path, footer) : NULL;
}

struct doc_pdf *doc_open_mem(const char *footer)
{
	return doc_get() != NULL ? doc_api->open_mem(footer) : NULL;
}

/* Only a document opened above reaches these: yg-doc.so is loaded. */
void doc_para(struct doc_pdf *d, enum doc_style style, const char *text)
{
	doc_api->para(d, style, text);
}

void doc_paraf(struct doc_pdf *d, enum doc_style style, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	doc_api->para(d, style, text);
	free(text);
}

void doc_space(struct doc_pdf *d, double pt)
{
	doc_api->space(d, pt);
}

int doc_close(struct doc_pdf *d)
{
	return doc_api->close(d);
}

int doc_close_mem(struct doc_pdf *d, char **buf, size_t *len)
{
	return doc_api->close_mem(d, buf, len);
}

/* Nothing to give back when no document was made. */
void doc_pdf_release(void)
{
	if (doc_api != NULL)
		doc_api->release();
}
