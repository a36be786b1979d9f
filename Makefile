# bvd — build, test and install.
#
# `make test` works on a fresh machine that has only the Swift toolchain: it installs the
# Debian packages the build and the tests need (apt-get update once, then only what is missing).

PREFIX ?= /usr/local
DESTDIR ?=
UNITDIR ?= $(PREFIX)/lib/systemd/system
SWIFT ?= swift
CONFIG ?= debug

# Debian packages needed to build and test.
#   tzdata: the IANA zone data behind Europe/London.
#   libsqlite3-dev: SQLite for the embedded store (GRDB).
#   libsystemd-dev, pkg-config: sd_notify, socket activation and the journal (CSystemd).
#   systemd: systemd-analyze and systemd-socket-activate for the tests of the units and the daemon.
#   curl: the access-control tests call the socket as other users (runuser, setpriv) with curl.
APT_PACKAGES := tzdata libsqlite3-dev libsystemd-dev pkg-config systemd curl openssl python3 python3-aiosmtpd python3-icalendar tidy libxml2-utils

.PHONY: all build test deps bench install clean check-workflows run man check-bvctl-linkage

all: build

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	.build/debug/bvctl workflow check workflows/*.yaml

check-workflows: build
	.build/$(CONFIG)/bvctl workflow check workflows/*.yaml

# Manual pages bvctl(1) and bvd(8), generated from the command definitions by swift-argument-parser.
man: deps
	$(SWIFT) build --product bvd
	$(SWIFT) build --product bvctl
	$(SWIFT) build --product generate-manual
	mkdir -p .build/man
	.build/debug/generate-manual .build/debug/bvctl --section 1 --output-directory .build/man
	.build/debug/generate-manual .build/debug/bvd --section 8 --output-directory .build/man

install: deps man
	$(SWIFT) build -c release -Xswiftc -static-stdlib --product bvd
	$(SWIFT) build -c release -Xswiftc -static-stdlib --product bvctl
	$(SWIFT) build -c release -Xswiftc -static-stdlib --product bvctl-workflow
	$(MAKE) check-bvctl-linkage
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/bvd $(DESTDIR)$(PREFIX)/share/bvd/workflows $(DESTDIR)$(PREFIX)/share/bvd/calendars $(DESTDIR)$(PREFIX)/share/bvd/templates \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/lib/sysusers.d $(DESTDIR)$(PREFIX)/lib/tmpfiles.d $(DESTDIR)/etc/bvd \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 .build/release/bvd .build/release/bvctl $(DESTDIR)$(PREFIX)/bin/
	install -m 0755 .build/release/bvctl-workflow $(DESTDIR)$(PREFIX)/libexec/bvd/
	install -m 0644 workflows/*.yaml $(DESTDIR)$(PREFIX)/share/bvd/workflows/
	install -m 0644 templates/*.mustache $(DESTDIR)$(PREFIX)/share/bvd/templates/
	install -m 0644 Sources/BVCore/Resources/bank-holidays.json $(DESTDIR)$(PREFIX)/share/bvd/calendars/
	sed -e 's|/usr/local/bin/bvd|$(PREFIX)/bin/bvd|' systemd/bvd.service > $(DESTDIR)$(UNITDIR)/bvd.service
	install -m 0644 systemd/bvd.socket $(DESTDIR)$(UNITDIR)/bvd.socket
	install -m 0644 systemd/sysusers.d/bvd.conf $(DESTDIR)$(PREFIX)/lib/sysusers.d/bvd.conf
	install -m 0644 systemd/tmpfiles.d/bvd.conf $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/bvd.conf
	install -m 0644 systemd/bvd.yaml.example $(DESTDIR)/etc/bvd/bvd.yaml.example
	install -m 0644 .build/man/bvctl.1 $(DESTDIR)$(PREFIX)/share/man/man1/bvctl.1
	install -m 0644 .build/man/bvd.8 $(DESTDIR)$(PREFIX)/share/man/man8/bvd.8
	.build/release/bvctl --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/bvctl
	.build/release/bvctl --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_bvctl
	.build/release/bvctl --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/bvctl.fish
	@echo "installed under $(DESTDIR)$(PREFIX); then: systemd-sysusers; systemd-tmpfiles --create; systemctl daemon-reload; systemctl enable --now bvd.socket"

clean:
	rm -rf .build

# bvctl starts fast because it links no Foundation but FoundationEssentials (so no ICU), no
# AsyncHTTPClient and no Yams (docs/architecture.md): checked on the release build with
# -static-stdlib that make install installs and make bench measures. The YAML of `bvctl workflow`
# is read by the helper bvctl-workflow, which bvctl runs.
BVCTL ?= .build/release/bvctl
BVCTL_FORBIDDEN_LIBRARIES := libFoundation\.so|libFoundationInternationalization|libFoundationNetworking|libFoundationXML|_FoundationICU|libicu|AsyncHTTPClient
BVCTL_FORBIDDEN_SYMBOLS := \$$s10Foundation|\$$s30FoundationInternationalization|\$$s18FoundationNetworking|\$$s15AsyncHTTPClient|\$$s4Yams|swift_(u|ucal|ubrk|udat|ucol|unum|ures|uloc)_|[NK]6icu_[0-9]|JSONSerialization
check-bvctl-linkage:
	@if ldd $(BVCTL) | grep -E '$(BVCTL_FORBIDDEN_LIBRARIES)'; then echo "bvctl links a library it must not (above)"; exit 1; fi
	@if nm $(BVCTL) | grep -E '$(BVCTL_FORBIDDEN_SYMBOLS)' | head -5 | grep .; then echo "bvctl holds Foundation, ICU, AsyncHTTPClient or Yams (symbols above)"; exit 1; fi
	@echo "bvctl: no Foundation, ICU, AsyncHTTPClient or Yams; $$(wc -c < $(BVCTL)) bytes"

# Benchmarks: figures with their baselines, measured in the same run (see docs/benchmarks.md).
bench: deps
	$(SWIFT) build -c release --product bvd-bench
	$(SWIFT) build -c release --product bvd
	$(SWIFT) build -c release -Xswiftc -static-stdlib --product bvctl
	$(MAKE) check-bvctl-linkage
	BVD_WORKFLOW=workflows/best-value-review.yaml .build/release/bvd-bench all

# Start bvd in the foreground with everything under ./.bvd (database and socket) and the shipped
# workflows. Talk to it from another terminal with bvctl, as printed below.
run: deps
	$(SWIFT) build --product bvd
	$(SWIFT) build --product bvctl
	$(SWIFT) build --product bvctl-workflow
	@mkdir -p .bvd
	@echo "bvd: database and socket under $(CURDIR)/.bvd; stop with Ctrl-C"
	@echo "in another terminal:  .build/debug/bvctl status      (or: curl --unix-socket .bvd/control.sock http://bvd/v1/status)"
	.build/debug/bvd --state-directory .bvd --socket .bvd/control.sock --socket-mode 0600 --workflows workflows --templates templates
