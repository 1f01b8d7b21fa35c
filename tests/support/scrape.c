#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "scrape.h"

char *scrape_http(int port, const char *request)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct pollfd pfd;
	size_t len = 0, cap = 1 << 16, want = strlen(request);
	char *buf, *grown;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return NULL;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    write(fd, request, want) != (ssize_t)want || (buf = malloc(cap)) == NULL) {
		close(fd);
		return NULL;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, 5000) == 1 && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (len + 1 == cap) {
			if ((grown = realloc(buf, cap * 2)) == NULL)
				break;
			buf = grown;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

char *scrape_metrics(int port)
{
	return scrape_http(port, "GET /metrics HTTP/1.0\r\n\r\n");
}

double scrape_value(const char *text, const char *series)
{
	size_t n = strlen(series);
	const char *p = text;

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		p += n;
	}
	return -1;
}

int scrape_port(const char *file)
{
	const struct timespec tick = {0, 50 * 1000 * 1000};
	int port = -1, i;
	FILE *f;

	/* ygd writes it once that listener is up, which may be after its
	 * terminals' port file (what starting it waits for) */
	for (i = 0; i < 200 && port <= 0; i++) {
		if ((f = fopen(file, "r")) != NULL) {
			if (fscanf(f, "%d", &port) != 1)
				port = -1;
			fclose(f);
		}
		if (port <= 0)
			nanosleep(&tick, NULL);
	}
	return port;
}
