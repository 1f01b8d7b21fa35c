# yangguang: `make run` to start a server, `make test` to check everything.

BUILD   ?= build
SAN     ?= 0
CC      ?= cc
PKGS     = libevent_openssl libevent_core libevent_extra libcjson libpq libssl libcrypto libsodium

CFLAGS  ?= -O2 -g
CFLAGS  += -pthread -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wno-missing-field-initializers -MMD -MP
ifeq ($(SAN),1)
CFLAGS  += -O1 -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
# The runtimes linked into each program, not loaded as libasan.so and
# libubsan.so (with libstdc++): a start and exit took twice the CPU (about
# 80 ms against 40), and the suites start thousands of programs.
LDFLAGS += -fsanitize=address,undefined,float-cast-overflow -static-libasan -static-libubsan
# ... and not position-independent: a PIE carries a relocation for every
# pointer in ASan's global descriptors (about 62,000 in yg, against 300),
# which the loader writes at every start, dirtying their pages: about 20 ms
# of CPU of a start and exit's 70. The code is instrumented alike either
# way; the plain build stays a PIE, as installed.
LDFLAGS += -no-pie
endif
# The fuzz build (clang only): every object instrumented for libFuzzer's
# coverage; only the targets link libFuzzer's main.
ifeq ($(SAN),fuzz)
CFLAGS  += -O1 -fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow \
	   -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=fuzzer,address,undefined,float-cast-overflow
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
# The full-screen terminal (client/tui/) draws with ncursesw.
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
# Printed documents (client/doc_pdf.c) are laid out by pango on cairo's PDF
# surface; their headers are system headers to our warnings.
DOC_PKGS   = pangocairo cairo-pdf fontconfig
DOC_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(DOC_PKGS) 2>/dev/null))
DOC_LIBS   := $(shell pkg-config --libs $(DOC_PKGS) 2>/dev/null)
# ... built into yg-doc.so alone (see below).
DOC_SO      = $(BUILD)/yg-doc.so

# proto/ is the contract; rules/ the rules of order (quorum, speaking
# order, outcome) that the server, the terminal and the verifier all judge
# by. Both are linked into every program.
PROTO_SRC  = $(wildcard proto/*.c) $(wildcard rules/*.c)
POLICY_SRC = $(wildcard server/policy/*.c)
# The portal's pure modules (unit tested); portal.c and conns.c drive evhttp.
PORTAL_IO  = server/portal/portal.c server/portal/conns.c server/portal/docs.c
PORTAL_SRC = $(filter-out $(PORTAL_IO),$(wildcard server/portal/*.c))
# The portal shows times as the terminals do (client/fmt_time.c, pure).
# Its printed documents are laid out as yg's are (client/doc_pdf.c, loaded
# from yg-doc.so by client/doc_load.c).
SERVER_SRC = $(wildcard server/*.c server/ops/*.c) $(POLICY_SRC) $(PORTAL_SRC) $(PORTAL_IO) \
	     client/fmt_time.c client/doc_load.c
CLIENT_SRC = $(filter-out client/doc_pdf.c,$(wildcard client/*.c client/tui/*.c))
# The parts of the full-screen terminal without curses, unit tested.
TUI_PURE_SRC = client/tui/tui_text.c client/tui/tui_model.c client/tui/tui_events.c \
	       client/tui/tui_layout.c
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
INTEG_SRC  = $(wildcard tests/integration/test_*.c)
SUPPORT_SRC = $(wildcard tests/support/*.c)
BENCH_SRC  = $(wildcard bench/*.c)
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

PROTO_OBJ   = $(call obj,$(PROTO_SRC))
SERVER_OBJ  = $(call obj,$(SERVER_SRC))
POLICY_OBJ  = $(call obj,$(POLICY_SRC))
CLIENT_OBJ  = $(call obj,$(CLIENT_SRC))
SUPPORT_OBJ = $(call obj,$(SUPPORT_SRC))
UNIT_EXTRA_OBJ = $(call obj,client/textwidth.c client/i18n.c client/fmt_time.c server/sourcetag.c \
		   server/peers.c \
		   server/stream_index.c \
		   server/metrics.c server/log_json.c \
		   $(PORTAL_SRC) \
		   $(TUI_PURE_SRC))
# What yg does to a server's text before the terminal sees it (pure).
UNIT_EXTRA_OBJ += $(call obj,client/termsafe.c)
# Which operation each of yg's commands sends (pure).
UNIT_EXTRA_OBJ += $(call obj,client/cmd_ops.c)
# What `ygd check` judges of the records it reads (pure).
UNIT_EXTRA_OBJ += $(call obj,server/check_judge.c)
# How ygd judges a request's signature (pure).
UNIT_EXTRA_OBJ += $(call obj,server/reqcheck.c)
# ygd's crypto workers, on an event loop of the test's own.
UNIT_EXTRA_OBJ += $(call obj,server/worker.c server/log.c)
UNIT_BIN    = $(patsubst %.c,$(BUILD)/%,$(UNIT_SRC))
INTEG_BIN   = $(patsubst %.c,$(BUILD)/%,$(INTEG_SRC))
BENCH_BIN   = $(patsubst %.c,$(BUILD)/%,$(BENCH_SRC))
FUZZ_BIN    = $(patsubst %.c,$(BUILD)/%,$(FUZZ_SRC))
PORTAL_OBJ  = $(call obj,$(PORTAL_SRC))

.SECONDARY:
.PHONY: all deps run demo test test-fast test-build-plain test-build-asan bench fuzz fuzz-deps fuzz-build fuzz-bins clean format install \
	uninstall
all: $(BUILD)/ygd $(BUILD)/yg $(DOC_SO)

# What running needs; make test and make bench add their own tools.
deps:
	@scripts/deps.sh run

# The ygd of the checkout finds the migrations in its sql/; the installed
# one (make install) in $(SQLDIR).
$(BUILD)/server/config.o: CFLAGS += -DYG_SQL_DIR='"$(CURDIR)/sql"'

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Printed documents: pango, cairo, fontconfig and the thirty libraries they
# bring are linked only into yg-doc.so, which yg and ygd load with their
# first document (client/doc_load.c): linked into the programs, they cost
# every start of yg about 20 ms of CPU (50 ms under the sanitizers).
# Its objects are position-independent, in $(BUILD)/pic.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (PIC)"
	@$(CC) $(CFLAGS) -fPIC $(DOC_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<
$(DOC_SO): $(BUILD)/pic/client/doc_pdf.o $(BUILD)/pic/proto/xalloc.o
	$(CC) $(DOC_SO_LDFLAGS) -shared -Wl,-Bsymbolic -o $@ $^ $(DOC_LIBS) $(PKG_LIBS)
# Under the sanitizers yg-doc.so is instrumented but takes the runtimes
# from the program that loads it (linked in statically): the program
# exports them, and links in the UBSan handlers yg-doc.so calls.
ifeq ($(SAN),1)
comma := ,
DOC_SO_LDFLAGS = $(filter-out -fsanitize=% -static-lib% -no-pie,$(LDFLAGS))
DOC_SAN_DEP = $(BUILD)/pic/client/doc_pdf.o $(BUILD)/pic/proto/xalloc.o $(BUILD)/san.exports
DOC_SAN_LDFLAGS = -Wl,--dynamic-list=$(BUILD)/san.exports \
	$(addprefix -Wl$(comma)-u$(comma),$(sort $(shell nm -u $(BUILD)/pic/client/doc_pdf.o \
		$(BUILD)/pic/proto/xalloc.o 2>/dev/null | awk '$$2 ~ /^__(a|ub|l)san_/ { print $$2 }')))
$(BUILD)/san.exports:
	@mkdir -p $(dir $@)
	@printf '{\n\t__asan_*;\n\t__ubsan_*;\n\t__lsan_*;\n\t__sanitizer_*;\n};\n' >$@
else
DOC_SO_LDFLAGS = $(LDFLAGS)
endif

$(BUILD)/ygd: $(SERVER_OBJ) $(PROTO_OBJ) | $(DOC_SAN_DEP)
	$(CC) $(LDFLAGS) $(DOC_SAN_LDFLAGS) -o $@ $^ $(PKG_LIBS) -ldl

$(BUILD)/yg: $(CLIENT_OBJ) $(PROTO_OBJ) | $(DOC_SAN_DEP)
	$(CC) $(LDFLAGS) $(DOC_SAN_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CURSES_LIBS) -ldl

# The tests, benchmarks and fuzz targets take proto/ and rules/ (the units
# their other modules too) from archives: each program links only the
# objects it uses, not all of them (about 100 links a build).
PROTO_LIB = $(BUILD)/lib/libproto.a
UNIT_LIB  = $(BUILD)/lib/libunit.a
$(PROTO_LIB): $(PROTO_OBJ)
	@mkdir -p $(dir $@) && rm -f $@
	$(AR) rcs $@ $^
$(UNIT_LIB): $(sort $(POLICY_OBJ) $(UNIT_EXTRA_OBJ))
	@mkdir -p $(dir $@) && rm -f $@
	$(AR) rcs $@ $^
# A program's objects, then its archives (in the order given: each before
# the archives it uses).
LINK_IN = $(filter-out %.a,$^) $(filter %.a,$^)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(UNIT_LIB) $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/integration/%: $(BUILD)/tests/integration/%.o $(SUPPORT_OBJ) $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS) $(CMOCKA_LIBS)

# The screens of yg tui judged against a real ygd.
$(BUILD)/tests/integration/test_meeting_items: $(call obj,client/tui/tui_model.c)

# The vote benchmark drives ygd with the tests' raw protocol client.
$(BUILD)/bench/votebench: $(BUILD)/bench/votebench.o $(BUILD)/tests/support/tclient.o $(BUILD)/tests/support/share.o $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)

# The signed-request benchmark checks as ygd does (server/reqcheck.c).
$(BUILD)/bench/reqsigbench: $(BUILD)/bench/reqsigbench.o $(BUILD)/tests/support/tclient.o \
			    $(BUILD)/server/reqcheck.o $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)

# The load generators over TLS share their meters and TLS set-up.
$(BUILD)/bench/meetbench $(BUILD)/bench/ygbench: $(call obj,bench/common/measure.c)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)

$(BUILD)/tests/fuzz/%: $(BUILD)/tests/fuzz/%.o $(PORTAL_OBJ) $(call obj,client/fmt_time.c) \
			 $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)

tests: all $(UNIT_BIN) $(INTEG_BIN)

# libFuzzer targets of every parser (tests/fuzz/), built by clang in their
# own directory. `make fuzz` runs each for FUZZ_SECONDS on its corpus (or
# those named in FUZZ_TARGETS); new inputs go to build/fuzz/corpus (the
# committed seeds stay as they are), crashes to build/fuzz/crashes.
FUZZ_BUILD   = build/fuzz
FUZZ_SECONDS ?= 60
fuzz-deps:
	@scripts/deps.sh test
fuzz-build:
	@$(MAKE) --no-print-directory fuzz-bins BUILD=$(FUZZ_BUILD) SAN=fuzz CC=clang
fuzz-bins: $(FUZZ_BIN)
fuzz: fuzz-deps fuzz-build
	@FUZZ_TARGETS="$(FUZZ_TARGETS)" tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Ballot cryptography: the vector generator (`make vectors` rewrites
# tests/vectors/ballot/) and the helper of the JOSE cross-check (tests/jose/).
VECTOR_GEN  = $(BUILD)/tests/vectors/gen_ballot
JOSE_HELPER = $(BUILD)/tests/jose/jose_helper
.PHONY: vectors
$(VECTOR_GEN) $(JOSE_HELPER): %: %.o $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)
tests: $(VECTOR_GEN) $(JOSE_HELPER)
vectors:
	@$(MAKE) --no-print-directory build/tests/vectors/gen_ballot BUILD=build
	build/tests/vectors/gen_ballot tests/vectors/ballot

# The event table's facts the database checks (proto/events_sql.c): `make
# events-sql` rewrites sql/api/015_event_causes.sql after a change of
# proto/events.c (tests/unit/test_events.c fails until it is run).
EVENTS_SQL_GEN = $(BUILD)/scripts/events_sql
.PHONY: events-sql
$(EVENTS_SQL_GEN): %: %.o $(PROTO_LIB)
	$(CC) $(LDFLAGS) -o $@ $(LINK_IN) $(PKG_LIBS)
tests: $(EVENTS_SQL_GEN)
events-sql:
	@$(MAKE) --no-print-directory build/scripts/events_sql BUILD=build
	build/scripts/events_sql sql/api/015_event_causes.sql

# Install what is missing, build, start the private database and the server.
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

# A whole meeting with three secret-ballot votes, scripted (scripts/demo.sh).
demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

# Every suite, in a plain build and under AddressSanitizer + UBSan
# (YG_TEST_SUITES="NAME ...": only those, see tests/run.sh).
# The three builds compile side by side under one jobserver, as many jobs
# as cores (TEST_JOBS): one after the other on one core they took longer
# than the suites.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) test-build-plain test-build-asan fuzz-build
	@tests/run.sh build build/asan

# The plain build only: quicker while working.
test-fast:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) test-build-plain fuzz-build
	@tests/run.sh build

test-build-plain:
	@$(MAKE) --no-print-directory tests BUILD=build
test-build-asan:
	@$(MAKE) --no-print-directory tests BUILD=build/asan SAN=1

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN) BUILD=build
	@bench/run.sh build
	@bench/vote.sh build
	@bench/reqsig.sh build
	@bench/portal.sh build
	@bench/attack.sh build
	@bench/dkg.sh build

format:
	clang-format -i $(PROTO_SRC) $(SERVER_SRC) $(CLIENT_SRC) $(UNIT_SRC) $(INTEG_SRC) \
		$(SUPPORT_SRC) $(BENCH_SRC) $(FUZZ_SRC) $(wildcard */*.h */*/*.h)

clean:
	rm -rf build

include install.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
