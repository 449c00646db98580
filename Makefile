# tx: qualitative analysis of interview transcripts as Unix filters.
#
#   make            build every tool into $(BUILD)/
#   make check      build, then run the test suite (bats)
#   make demo       run the worked example (examples/two-localities)
#   make install    install tools and man pages under $(DESTDIR)$(PREFIX)
#   make deps       install the Debian packages that building and testing need
#   make bench      time tx-code against PCRE2 alone, Python and rg (bench/run.sh)
#   make sanitize   the suite against tools built with ASan and UBSan
#   make fuzz       each libFuzzer target of tests/fuzz for FUZZ_SECONDS (-j2)
#   make valgrind   the pipeline and the example's tests under valgrind
#
# BUILD may point elsewhere (make check BUILD=/tmp/b) to keep builds apart.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BUILD  ?= build

CC      ?= cc
CFLAGS  ?= -O2 -g
# Warnings are errors in make check, make sanitize and CI, not in a user's
# plain build (a newer compiler's new warning must not stop an install).
WERROR  ?=
TX_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra $(WERROR) -Ilib \
	$(shell pkg-config --cflags libpcre2-8 2>/dev/null) \
	$(shell pkg-config --cflags libzip expat 2>/dev/null)
# libzip and expat read .docx and .odt (lib/office); --as-needed: a tool
# that reads none does not load them.
TX_LIBS = $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8) \
	-lcsv -lm -pthread -Wl,--as-needed \
	$(shell pkg-config --libs libzip expat 2>/dev/null || echo -lzip -lexpat)

# Hyperscan (libhyperscan-dev), when present, prefilters tx-code's regexes
# (lib/codebook/prefilter.c); without it tx builds and matches with PCRE2 alone.
# HAVE_HYPERSCAN=0 builds without it even when it is there.
HAVE_HYPERSCAN ?= $(shell pkg-config --exists libhs 2>/dev/null && echo 1 || echo 0)
ifeq ($(HAVE_HYPERSCAN),1)
TX_CFLAGS += -DTX_HYPERSCAN $(shell pkg-config --cflags libhs)
TX_LIBS   += -Wl,--as-needed $(shell pkg-config --libs libhs)
endif

TOOLS   := $(patsubst bin/%.c,%,$(wildcard bin/tx-*.c))
LIBSRC  := $(wildcard lib/*.c lib/*/*.c)
LIBHDR  := $(wildcard lib/*.h lib/*/*.h)
LIBOBJ  := $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIBSRC))
UNITS   := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/*.c))
MAN1    := $(wildcard man/*.1)
MAN7    := $(wildcard man/*.7)

# Debian packages: what each is found by, and the package that provides it.
DEPS = \
	pkg-config:cmd:pkg-config \
	libpcre2-dev:pc:libpcre2-8 \
	libcsv-dev:hdr:csv.h \
	libzip-dev:pc:libzip \
	libexpat1-dev:pc:expat \
	bats:cmd:bats \
	bats-assert:dir:/usr/lib/bats/bats-assert \
	bats-support:dir:/usr/lib/bats/bats-support \
	mandoc:cmd:mandoc \
	parallel:cmd:parallel \
	miller:cmd:mlr \
	datamash:cmd:datamash \
	python3:cmd:python3 \
	libxml2-utils:cmd:xmllint \
	wbritish:file:/usr/share/dict/british-english \
	clang:cmd:clang \
	libclang-rt-14-dev:file:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a \
	valgrind:cmd:valgrind \
	time:file:/usr/bin/time

# Installed when possible, never required: the build goes on without them.
# Hyperscan exists for amd64 only; ripgrep and hyperfine serve make bench.
ifeq ($(shell dpkg --print-architecture 2>/dev/null),amd64)
OPTIONAL_DEPS = libhyperscan-dev:pc:libhs
endif
OPTIONAL_DEPS += ripgrep:cmd:rg hyperfine:cmd:hyperfine
.PHONY: all check check-browser deps demo install uninstall clean bench sanitize \
	fuzz fuzz-build valgrind

all: tools

tools: $(addprefix $(BUILD)/,$(TOOLS))

$(BUILD)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TX_CFLAGS) -c -o $@ $<

$(BUILD)/libtx.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(BUILD)/tx-%: bin/tx-%.c $(BUILD)/libtx.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TX_CFLAGS) -o $@ $< $(BUILD)/libtx.a $(TX_LIBS) $(LDFLAGS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libtx.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TX_CFLAGS) -o $@ $< $(BUILD)/libtx.a $(TX_LIBS) $(LDFLAGS)

units: $(addprefix $(BUILD)/unit/,$(UNITS))

check: deps
	@$(MAKE) --no-print-directory tools units WERROR=-Werror
	TX_BUILD=$(abspath $(BUILD)) bats --tap tests

# Every tool built with AddressSanitizer and UBSan into its own directory,
# and the suite run against those builds (without the slow tests over
# ../shared/data). Any sanitizer report fails it, whatever the exit status
# the test expected: reports go to files, and there must be none.
SAN_BUILD = $(BUILD)/sanitize
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

sanitize: deps
	@$(MAKE) --no-print-directory tools units BUILD=$(SAN_BUILD) WERROR=-Werror \
		CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)"
	@rm -rf $(SAN_BUILD)/reports; mkdir -p $(SAN_BUILD)/reports
	TX_BUILD=$(abspath $(SAN_BUILD)) TX_NO_SHARED=1 \
	ASAN_OPTIONS=log_path=$(abspath $(SAN_BUILD))/reports/asan:detect_leaks=0 \
	UBSAN_OPTIONS=log_path=$(abspath $(SAN_BUILD))/reports/ubsan:print_stacktrace=1 \
	bats --tap tests; status=$$?; \
	if ls $(SAN_BUILD)/reports | grep -q .; then \
		echo "sanitize: reports in $(SAN_BUILD)/reports:"; \
		head -n 30 $(SAN_BUILD)/reports/*; exit 1; \
	fi; exit $$status

# libFuzzer targets (tests/fuzz/fuzz_*.c) built with clang against a copy of
# the library compiled with -DTX_FUZZ, where tx_exit() returns to the target
# instead of ending it. make fuzz FUZZ_SECONDS=N runs each N seconds (make
# -j2 fuzz: two at a time) from tests/fuzz/seeds/NAME, keeping what it finds
# new in $(FUZZ_BUILD)/corpus/NAME; a finding is saved as
# $(FUZZ_BUILD)/crash-NAME-* and fails it. Leak checks are off: on an error
# the tools end through exit() by design, and so leave memory behind.
FUZZ_BUILD   = $(BUILD)/fuzz
FUZZ_CC      = clang
FUZZ_SECONDS = 60
FUZZ_FLAGS   = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -DTX_FUZZ
FUZZ_OPTS    = -max_len=16384 -timeout=20 -close_fd_mask=3 -detect_leaks=0
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_LIBOBJ  := $(patsubst lib/%.c,$(FUZZ_BUILD)/lib/%.o,$(LIBSRC))

$(FUZZ_BUILD)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(TX_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/libtx.a: $(FUZZ_LIBOBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_LIBOBJ)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h \
    $(FUZZ_BUILD)/libtx.a $(LIBHDR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(TX_CFLAGS) -o $@ $< \
		$(FUZZ_BUILD)/libtx.a $(TX_LIBS)

fuzz-build: deps
	@$(MAKE) --no-print-directory $(addprefix $(FUZZ_BUILD)/fuzz_,$(FUZZ_TARGETS))

fuzz: $(addprefix fuzz-run-,$(FUZZ_TARGETS))

fuzz-run-%: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/corpus/$*
	@ASAN_OPTIONS=detect_leaks=0 nice $(FUZZ_BUILD)/fuzz_$* $(FUZZ_OPTS) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_BUILD)/crash-$*- \
		$(FUZZ_BUILD)/corpus/$* tests/fuzz/seeds/$* \
		>$(FUZZ_BUILD)/$*.log 2>&1; status=$$?; \
	runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' \
		$(FUZZ_BUILD)/$*.log); \
	echo "fuzz $*: $${runs:-no summary}, exit $$status ($(FUZZ_BUILD)/$*.log)"; \
	exit $$status

# The pipeline (tx-segment | tx-code | tx-count | tx-compare) over the
# fixtures, then the example's and the one-liners' tests, with every tool
# run under valgrind through a wrapper of the same name. Any error valgrind
# reports fails it, whatever exit status a test expected: reports go to
# files, and there must be none. Leaks are not checked: on an error the
# tools end through exit() by design.
VG_BUILD = $(BUILD)/valgrind
VG_FIX   = tests/fixtures/code

valgrind: deps
	@$(MAKE) --no-print-directory tools
	@rm -rf $(VG_BUILD); mkdir -p $(VG_BUILD)/reports
	@for t in $(TOOLS); do \
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=1 --leak-check=no --log-file=%s/reports/%s.%%p %s "$$@"\n' \
		    $(abspath $(VG_BUILD)) $$t $(abspath $(BUILD))/$$t >$(VG_BUILD)/$$t; \
		chmod +x $(VG_BUILD)/$$t; \
	done
	cd $(VG_BUILD) && \
	./tx-segment --attrs $(abspath $(VG_FIX))/participants.csv \
		$(abspath $(VG_FIX))/transcripts/*.txt >segments.tsv && \
	./tx-code $(abspath $(VG_FIX))/codebook.csv segments.tsv >codings.tsv && \
	./tx-count --by locality codings.tsv >counts.tsv && \
	./tx-compare --by locality counts.tsv >comparison.tsv
	TX_BUILD=$(abspath $(VG_BUILD)) TX_NO_SHARED=1 \
		bats --tap tests/examples.bats tests/oneliners.bats; status=$$?; \
	if find $(VG_BUILD)/reports -type f -size +0 | grep -q .; then \
		echo "valgrind: reports in $(VG_BUILD)/reports:"; \
		find $(VG_BUILD)/reports -type f -size +0 -exec head -n 30 {} +; \
		exit 1; \
	fi; exit $$status

deps:
	@missing=; optional=; \
	for d in $(DEPS) optional $(OPTIONAL_DEPS); do \
		if [ "$$d" = optional ]; then optional=1; continue; fi; \
		pkg=$${d%%:*}; rest=$${d#*:}; how=$${rest%%:*}; what=$${rest#*:}; \
		case $$how in \
		cmd) command -v $$what >/dev/null 2>&1 && continue;; \
		pc)  pkg-config --exists $$what 2>/dev/null && continue;; \
		hdr) echo "#include <$$what>" | $(CC) -E -x c - >/dev/null 2>&1 && continue;; \
		dir) test -d $$what && continue;; \
		file) test -f $$what && continue;; \
		esac; \
		if [ -n "$$optional" ]; then optmissing="$$optmissing $$pkg"; \
		else missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$optmissing" ] && [ "$$(id -u)" = 0 ] && \
	    command -v apt-get >/dev/null 2>&1; then \
		echo "deps: installing (optional)$$optmissing"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends $$optmissing; } \
		|| echo "deps: optional packages not installed:$$optmissing (tx builds without them)"; \
	elif [ -n "$$optmissing" ]; then \
		echo "deps: optional, not installed:$$optmissing"; \
	fi; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "deps: installing$$missing"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing \
			|| { echo "deps: apt-get install failed"; exit 1; }; \
		else \
			echo "deps: missing Debian packages; install them with:"; \
			echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
			exit 1; \
		fi; \
	fi

# The benchmark (bench/run.sh): a report of speed and memory over
# ../shared/data/covid-inquiry, never a pass or fail on time.
bench: deps
	@$(MAKE) --no-print-directory tools
	TX_BUILD=$(abspath $(BUILD)) sh bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory tools
	@$(MAKE) --no-print-directory -C examples/two-localities TX_BUILD=$(abspath $(BUILD)) results
	@$(MAKE) -s --no-print-directory -C examples/two-localities TX_BUILD=$(abspath $(BUILD)) report.html
	@echo
	@echo 'The report, to open in a browser or print: examples/two-localities/report.html'

# The example's report in a real browser: Debian's chromium, headless
# (installed here when run as root; it is large, so not part of deps). The
# test screenshots the page at A4 size (794 x 1123 px) and checks that it is
# not blank; the screenshot is kept for the README.
check-browser: deps
	@$(MAKE) --no-print-directory tools
	@command -v chromium >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "check-browser: installing chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium || exit 1; \
	else \
		echo "check-browser: chromium is missing; install it with:"; \
		echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
		exit 1; \
	fi
	TX_BUILD=$(abspath $(BUILD)) TX_SCREENSHOT=$(abspath examples/two-localities/report.png) \
		bats --tap -f 'chromium' tests/tx-report.bats

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS); do install -m 755 $(BUILD)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MAN1); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in $(MAN7); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man7/; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man/}; done

clean:
	rm -rf $(BUILD)
