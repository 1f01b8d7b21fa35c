# make install: ygd and yg, the migrations, the man pages, a systemd unit for
# ygd and the environment file of its settings, laid out like a Debian
# service (dist/ holds the sources). PREFIX and DESTDIR as usual:
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]    make uninstall
PREFIX      ?= /usr/local
SYSCONFDIR  ?= /etc
BINDIR       = $(PREFIX)/bin
SBINDIR      = $(PREFIX)/sbin
SQLDIR       = $(PREFIX)/share/yangguang/sql
DOCDIR       = $(PREFIX)/lib/yangguang
MANDIR       = $(PREFIX)/share/man
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
CONFDIR      = $(SYSCONFDIR)/yangguang
STATEDIR     = /var/lib/yangguang
# make install as root without DESTDIR makes the user yangguang and tells
# systemd; SETUP_USER=0 does not (the tests install into a directory).
SETUP_USER  ?= 1

# The installed ygd differs from build/ygd in one string: where migrate
# finds the migrations (server/config.c, YG_SQL_DIR).
INST        ?= $(BUILD)/install
INST_YGD_OBJ = $(filter-out $(BUILD)/server/config.o,$(SERVER_OBJ)) $(INST)/config.o
SUBST = sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g' \
	-e 's|@SQLDIR@|$(SQLDIR)|g' -e 's|@CONFDIR@|$(CONFDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g'

.PHONY: FORCE
$(INST)/config.o: server/config.c FORCE
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -DYG_SQL_DIR='"$(SQLDIR)"' -c -o $@ $<

$(INST)/ygd: $(INST_YGD_OBJ) $(PROTO_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -ldl

$(INST)/ygd.8: dist/ygd.8.in $(INST)/ygd scripts/manpage.sh
	$(SUBST) $< | scripts/manpage.sh options $(INST)/ygd >$@

$(INST)/yg.1: dist/yg.1.in $(BUILD)/yg scripts/manpage.sh
	$(SUBST) $< | scripts/manpage.sh commands $(BUILD)/yg >$@

$(INST)/ygd.service: dist/ygd.service.in
	$(SUBST) $< >$@

$(INST)/ygd.env: $(INST)/ygd scripts/envfile.sh
	scripts/envfile.sh $(INST)/ygd $(CONFDIR) $(STATEDIR) >$@

install: $(INST)/ygd $(BUILD)/yg $(DOC_SO) $(INST)/ygd.8 $(INST)/yg.1 $(INST)/ygd.service $(INST)/ygd.env
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(SQLDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(CONFDIR)
	install -m 0755 $(INST)/ygd $(DESTDIR)$(SBINDIR)/ygd
	install -m 0755 $(BUILD)/yg $(DESTDIR)$(BINDIR)/yg
	@# yg and ygd load it from ../lib/yangguang beside them (client/doc_load.c).
	install -d $(DESTDIR)$(DOCDIR)
	install -m 0644 $(DOC_SO) $(DESTDIR)$(DOCDIR)/yg-doc.so
	install -m 0644 sql/*.sql $(DESTDIR)$(SQLDIR)/
	install -d $(DESTDIR)$(SQLDIR)/api
	install -m 0644 sql/api/*.sql $(DESTDIR)$(SQLDIR)/api/
	install -m 0644 $(INST)/ygd.8 $(DESTDIR)$(MANDIR)/man8/ygd.8
	install -m 0644 $(INST)/yg.1 $(DESTDIR)$(MANDIR)/man1/yg.1
	install -m 0644 $(INST)/ygd.service $(DESTDIR)$(UNITDIR)/ygd.service
	install -m 0644 dist/yangguang.sysusers $(DESTDIR)$(SYSUSERSDIR)/yangguang.conf
	@# The settings are the administrator's: never overwritten.
	@if [ -e $(DESTDIR)$(CONFDIR)/ygd.env ]; then \
		echo "kept $(DESTDIR)$(CONFDIR)/ygd.env; the new defaults are in $(INST)/ygd.env"; \
	else install -m 0600 $(INST)/ygd.env $(DESTDIR)$(CONFDIR)/ygd.env; fi
	@# On the machine itself (no DESTDIR): the user, and systemd told.
	@if [ -z "$(DESTDIR)" ] && [ "$(SETUP_USER)" = 1 ] && [ "$$(id -u)" = 0 ]; then \
		id yangguang >/dev/null 2>&1 || systemd-sysusers $(SYSUSERSDIR)/yangguang.conf || \
			adduser --system --group --home $(STATEDIR) --no-create-home yangguang; \
		[ ! -d /run/systemd/system ] || systemctl daemon-reload; fi

# Everything install wrote except the settings and the state (the signing
# key): those are the office's to remove.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ygd $(DESTDIR)$(BINDIR)/yg \
		$(DESTDIR)$(MANDIR)/man8/ygd.8 $(DESTDIR)$(MANDIR)/man1/yg.1 \
		$(DESTDIR)$(UNITDIR)/ygd.service $(DESTDIR)$(SYSUSERSDIR)/yangguang.conf
	rm -rf $(DESTDIR)$(SQLDIR)
	rm -f $(DESTDIR)$(DOCDIR)/yg-doc.so
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null
	-rmdir $(DESTDIR)$(PREFIX)/share/yangguang 2>/dev/null
	@echo "kept $(DESTDIR)$(CONFDIR) (settings) and $(STATEDIR) (the signing key)"
