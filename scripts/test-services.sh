#!/usr/bin/env bash
# scripts/test-services.sh — bring up the local services Tidings' integration
# tests talk to: PostgreSQL, Redis, and a loopback-only mail server
# (Postfix SMTP + Dovecot IMAP/POP3) for the test domain example.test, and
# Debian's Chromium with a CJK font for the web UI tests. `npm test` runs it
# (as root) when something is missing; so does .ci/run on a fresh machine.
#
# Idempotent: run it as often as you like (as root). It installs missing
# Debian packages, (re)writes its own config files, restarts a daemon only when
# its configuration changed, starts daemons that are down, and leaves running
# ones alone otherwise. See scripts/README.md for the mailbox scheme.
set -Eeuo pipefail   # -E: the ERR trap below also fires inside functions

# ---------------------------------------------------------------------------
# Facts other code relies on (documented in scripts/README.md).
# ---------------------------------------------------------------------------
MAIL_DOMAIN=example.test
MAIL_PASSWORD=tidings-test
VMAIL_BASE=/var/mail/vhosts
VMAIL_ID=5000                       # preferred uid/gid of the vmail user
TLS_DIR=/etc/dovecot/private
TLS_CERT=$TLS_DIR/tidings.pem       # self-signed, CN=localhost (public part)
TLS_KEY=$TLS_DIR/tidings.key
VMAILBOX_MAP=/etc/postfix/tidings-vmailbox
DOVECOT_CONF=/etc/dovecot/dovecot.conf
DOVECOT_LOG=/var/log/dovecot-tidings.log
POSTFIX_LOG=/var/log/postfix-tidings.log
APT_LOG=/var/log/tidings-test-services-apt.log
WAIT_TRIES=30                       # bounded waits: 30 x 0.5 s
PG_FRESH=0                          # 1 when this run installed PostgreSQL

export PATH="/usr/sbin:/sbin:$PATH"  # postfix, dovecot, smtp-sink live in /usr/sbin

START_TS=$(date +%s.%N)
log()  { printf '[test-services] %s\n' "$*"; }
die()  { printf '[test-services] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
# Parallel callers (e.g. several test workers) must not configure at once.
# Every daemon we start gets "9>&-": a daemon inheriting fd 9 would hold the
# lock forever and make the next run wait.
{ exec 9>/run/lock/tidings-test-services.lock; } 2>/dev/null || exec 9>/tmp/tidings-test-services.lock
flock -w 120 9 || die "another test-services.sh run holds the lock"
# Never fail silently under set -e: say where it happened.
trap 'printf "[test-services] ERROR: command failed (line %s): %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

# Is IPv6 loopback available? Binding ::1 without it makes daemons fail.
HAVE_V6=0
if [[ -r /proc/net/if_inet6 ]] && grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6; then
  HAVE_V6=1
fi

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  # Install only the packages not yet installed; apt-get update at most once.
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing: ${missing[*]} (log: $APT_LOG)"
  export DEBIAN_FRONTEND=noninteractive
  if ((APT_UPDATED == 0)); then
    apt-get -o DPkg::Lock::Timeout=120 update >>"$APT_LOG" 2>&1 \
      || { tail -n 30 "$APT_LOG" >&2; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends "${missing[@]}" >>"$APT_LOG" 2>&1 \
    || { tail -n 40 "$APT_LOG" >&2; die "apt-get install ${missing[*]} failed"; }
}

install_packages() {
  # Preseed postfix so its postinst does not ask questions (and does not
  # pick "Internet Site"). debconf-set-selections comes with debconf itself.
  if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q 'install ok installed'; then
    printf '%s\n' \
      'postfix postfix/main_mailer_type select Local only' \
      'postfix postfix/mailname string tidings.test' | debconf-set-selections
  fi
  local pkgs=(postfix dovecot-imapd dovecot-pop3d dovecot-lmtpd openssl)
  command -v redis-cli  >/dev/null || pkgs+=(redis-tools)
  command -v pg_isready >/dev/null || pkgs+=(postgresql-client)
  # Servers the machine may already run (CI images do): installed only when absent.
  command -v redis-server >/dev/null || pkgs+=(redis-server)
  if ! port_open 5432 && ! compgen -G '/etc/postgresql/*/main' >/dev/null; then
    pkgs+=(postgresql); PG_FRESH=1
  fi
  # The web UI tests drive Debian's Chromium (never a downloaded one); the zh-CN
  # screenshots need a CJK font.
  pkgs+=(chromium fonts-wqy-microhei)
  apt_install "${pkgs[@]}"
}

# ---------------------------------------------------------------------------
# Shared pieces: vmail user, mail store, TLS certificate
# ---------------------------------------------------------------------------
setup_vmail_user() {
  # All virtual mailboxes belong to one unprivileged user. uid >= 100 so that
  # Postfix' virtual_minimum_uid and Dovecot's first_valid_uid accept it.
  if ! getent group vmail >/dev/null; then
    if getent group "$VMAIL_ID" >/dev/null; then groupadd --system vmail
    else groupadd --gid "$VMAIL_ID" vmail; fi
  fi
  if ! getent passwd vmail >/dev/null; then
    local uidopt=()
    getent passwd "$VMAIL_ID" >/dev/null || uidopt=(--uid "$VMAIL_ID")
    useradd "${uidopt[@]}" --gid vmail --home-dir "$VMAIL_BASE" --no-create-home \
      --shell /usr/sbin/nologin vmail
  fi
  VMAIL_UID=$(id -u vmail); VMAIL_GID=$(getent group vmail | cut -d: -f3)
  # Both Postfix (first delivery) and Dovecot (first login) create
  # <base>/<domain>/<user>/ on demand as vmail, so the domain dir must be theirs.
  install -d -o vmail -g vmail -m 0770 "$VMAIL_BASE" "$VMAIL_BASE/$MAIL_DOMAIN"
}

setup_tls_cert() {
  # Generated once; regenerating would break clients that pinned it.
  install -d -m 0755 "$TLS_DIR"
  if [[ -s $TLS_CERT && -s $TLS_KEY ]]; then return 0; fi
  log "generating self-signed TLS certificate $TLS_CERT"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
    -subj '/CN=localhost' \
    -addext 'subjectAltName=DNS:localhost,DNS:mail.example.test,IP:127.0.0.1,IP:::1' \
    -keyout "$TLS_KEY" -out "$TLS_CERT" >/dev/null 2>&1 || die "openssl failed"
  chmod 0600 "$TLS_KEY"; chmod 0644 "$TLS_CERT"
}

# ---------------------------------------------------------------------------
# Postfix
# ---------------------------------------------------------------------------
postfix_fingerprint() {
  { cat /etc/postfix/main.cf /etc/postfix/master.cf "$VMAILBOX_MAP" 2>/dev/null || true; } | md5sum
}

configure_postfix() {
  local before; before=$(postfix_fingerprint)

  # Mail for example.test is handed to Dovecot over LMTP, which stores it in
  # Maildir <base>/example.test/<local>/ (the same Dovecot serves over IMAP).
  # Why not Postfix' virtual(8) agent with a regexp map to "example.test/$1/":
  # virtual(8) refuses regexp substitution in virtual_mailbox_maps.
  # Dovecot decides which users exist: anyone@example.test except local parts
  # starting with "nosuch" (LMTP answers 550 5.1.1, Postfix then bounces with
  # a real DSN to the envelope sender). smtpd accepts every RCPT
  # (smtpd_reject_unlisted_recipient = no), so the bounce is asynchronous.
  # The map below mirrors that rule; it only matters if someone turns
  # smtpd_reject_unlisted_recipient back on.
  cat >"$VMAILBOX_MAP".tmp <<'EOF'
# Managed by scripts/test-services.sh — overwritten on every run.
if !/^nosuch/
/^[^@]+@example\.test$/	OK
endif
EOF
  if ! cmp -s "$VMAILBOX_MAP".tmp "$VMAILBOX_MAP"; then mv "$VMAILBOX_MAP".tmp "$VMAILBOX_MAP"
  else rm -f "$VMAILBOX_MAP".tmp; fi

  local v6nets='' protos=ipv4
  ((HAVE_V6)) && { v6nets=' [::1]/128'; protos=all; }

  # postconf -e rewrites a parameter in place: idempotent, never duplicates.
  # Notable: default/relay_transport = error: mail to any other domain bounces
  # at once (nothing ever leaves this machine); in_flow_delay, rate/count
  # limits and error sleeps are off because tests send thousands of messages;
  # short backoff so deferred mail is retried within seconds.
  postconf -e \
    "myhostname = mail.example.test" \
    "mydomain = tidings.test" \
    "myorigin = /etc/mailname" \
    "mydestination = localhost, localhost.localdomain, \$myhostname" \
    "inet_interfaces = loopback-only" \
    "inet_protocols = $protos" \
    "mynetworks = 127.0.0.0/8$v6nets" \
    "recipient_delimiter = +" \
    "virtual_mailbox_domains = $MAIL_DOMAIN" \
    "virtual_mailbox_maps = regexp:$VMAILBOX_MAP" \
    "virtual_transport = lmtp:unix:private/dovecot-lmtp" \
    "lmtp_destination_recipient_limit = 50" \
    "smtpd_reject_unlisted_recipient = no" \
    "default_transport = error:outbound mail disabled (tidings test mail server)" \
    "relay_transport = error:outbound mail disabled (tidings test mail server)" \
    "message_size_limit = 104857600" \
    "mailbox_size_limit = 0" \
    "smtpd_client_connection_rate_limit = 0" \
    "smtpd_client_connection_count_limit = 0" \
    "smtpd_client_message_rate_limit = 0" \
    "smtpd_client_recipient_rate_limit = 0" \
    "smtpd_client_new_tls_session_rate_limit = 0" \
    "smtpd_client_auth_rate_limit = 0" \
    "smtpd_error_sleep_time = 0s" \
    "smtpd_soft_error_limit = 1000" \
    "smtpd_hard_error_limit = 1000" \
    "smtpd_recipient_limit = 10000" \
    "in_flow_delay = 0s" \
    "default_process_limit = 150" \
    "maximal_queue_lifetime = 2h" \
    "bounce_queue_lifetime = 2h" \
    "queue_run_delay = 5s" \
    "minimal_backoff_time = 5s" \
    "maximal_backoff_time = 10s" \
    "smtpd_tls_cert_file = $TLS_CERT" \
    "smtpd_tls_key_file = $TLS_KEY" \
    "smtpd_tls_security_level = may" \
    "smtpd_tls_auth_only = no" \
    "smtpd_sasl_type = dovecot" \
    "smtpd_sasl_path = private/auth" \
    "smtpd_sasl_auth_enable = no" \
    "smtp_tls_security_level = none" \
    "maillog_file = $POSTFIX_LOG" \
    "biff = no"

  # Settings of the virtual(8) agent, which is not used (see above).
  postconf -X virtual_mailbox_base virtual_uid_maps virtual_gid_maps \
    virtual_minimum_uid virtual_mailbox_limit

  # No syslog in containers: maillog_file needs the postlog service.
  postconf -M 'postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd'

  # Submission (587, STARTTLS) and smtps (465, implicit TLS): AUTH via
  # Dovecot required before any recipient is accepted. AUTH is also offered
  # without TLS (smtpd_tls_auth_only=no) so loopback tests can skip TLS.
  local svc
  for svc in submission smtps; do
    postconf -M "$svc/inet=$svc inet n - n - - smtpd"
    postconf -P \
      "$svc/inet/syslog_name=postfix/$svc" \
      "$svc/inet/smtpd_sasl_auth_enable=yes" \
      "$svc/inet/smtpd_tls_auth_only=no" \
      "$svc/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
      "$svc/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject" \
      "$svc/inet/smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
  done
  postconf -P "submission/inet/smtpd_tls_security_level=may" \
              "smtps/inet/smtpd_tls_wrappermode=yes"

  # Debian runs smtpd & co chrooted; its init script (unused here) copies
  # resolv.conf etc. into the chroot. Without it chroot breaks lookups, so
  # turn chroot off for every service.
  local line
  while read -r line; do
    postconf -F "$line=n"
  done < <(postconf -F | awk -F' = ' '$1 ~ /\/chroot$/ && $2 == "y" {print $1}')

  postfix check >/dev/null 2>&1 || { postfix check || true; die "postfix check failed"; }
  [[ $(postfix_fingerprint) == "$before" ]] && POSTFIX_CHANGED=0 || POSTFIX_CHANGED=1
}

start_postfix() {
  if postfix status >/dev/null 2>&1; then
    if ((POSTFIX_CHANGED)); then
      # inet_interfaces/master.cf changes need a full restart, not a reload.
      log "postfix: configuration changed, restarting"
      postfix stop >/dev/null 2>&1 || true
      local i; for ((i = 0; i < WAIT_TRIES; i++)); do
        postfix status >/dev/null 2>&1 || break; sleep 0.5
      done
      postfix start </dev/null >/dev/null 2>&1 9>&- || die "postfix failed to start (see $POSTFIX_LOG)"
    fi
  else
    log "postfix: starting"
    newaliases </dev/null >/dev/null 2>&1 9>&- || true
    postfix start </dev/null >/dev/null 2>&1 9>&- || die "postfix failed to start (see $POSTFIX_LOG)"
  fi
}

# ---------------------------------------------------------------------------
# Dovecot
# ---------------------------------------------------------------------------
write_dovecot_conf() {
  # One complete config of our own instead of Debian's conf.d (whose
  # 10-auth.conf pulls in PAM/system users). Debian's original kept as .orig.
  [[ -e $DOVECOT_CONF.orig ]] || cp -p "$DOVECOT_CONF" "$DOVECOT_CONF.orig" 2>/dev/null || true
  local listen='127.0.0.1'; ((HAVE_V6)) && listen='127.0.0.1, ::1'
  local dh=''; [[ -r /usr/share/dovecot/dh.pem ]] && dh='ssl_dh = </usr/share/dovecot/dh.pem'
  cat >"$DOVECOT_CONF".tmp <<EOF
# Managed by scripts/test-services.sh — overwritten on every run.
# Loopback-only test IMAP/POP3 server for the domain $MAIL_DOMAIN.
protocols = imap pop3 lmtp
listen = $listen
log_path = $DOVECOT_LOG

ssl = yes
ssl_cert = <$TLS_CERT
ssl_key = <$TLS_KEY
$dh
ssl_min_protocol = TLSv1.2

# Loopback tests log in without TLS too.
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
auth_cache_size = 0
# Tests log in with wrong passwords on purpose. Dovecot would delay failed
# replies (2 s) and, worse, every later login from the same IP (anvil auth
# penalty, up to 15 s, longer than Postfix' SASL timeout): turn both off.
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8 ::1/128
# mode 0 = no anvil-auth-penalty socket at all, which disables the penalty
# (login_trusted_networks alone does not, at least not for Postfix' SASL).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

# Every <local>@$MAIL_DOMAIN exists and logs in with password
# "$MAIL_PASSWORD", except local parts starting with "nosuch": they do not
# exist (LMTP rejects them, so Postfix bounces). Other domains do not exist.
passdb {
  driver = static
  args = password=$MAIL_PASSWORD
  username_filter = *@$MAIL_DOMAIN !nosuch*
}
# Everyone the filter above skips lands here: an empty passwd-file, i.e. a
# definite "unknown user" (with only skipped passdbs Dovecot would answer a
# *temporary* failure, and Postfix would defer instead of bouncing).
passdb {
  driver = passwd-file
  args = /dev/null
}
# Without allow_all_users, LMTP's user lookups go through the passdb above,
# which is what makes nosuch* (and other domains) unknown for delivery too.
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$VMAIL_BASE/%d/%n
}
# user+tag@ is delivered to user's INBOX.
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no

# Same Maildir Postfix delivers to; created on first login if missing.
mail_location = maildir:$VMAIL_BASE/%d/%n
mail_uid = vmail
mail_gid = vmail
first_valid_uid = $VMAIL_UID
first_valid_gid = $VMAIL_GID
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Sent {
    special_use = \\Sent
  }
  mailbox Trash {
    special_use = \\Trash
  }
  mailbox Junk {
    special_use = \\Junk
  }
}

# Tests open many parallel connections.
default_process_limit = 300
default_client_limit = 3000
protocol imap {
  mail_max_userip_connections = 200
}
protocol pop3 {
  mail_max_userip_connections = 200
}

service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
# Postfix delivers example.test mail here (virtual_transport).
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
# SASL for Postfix' submission/smtps services.
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
  if cmp -s "$DOVECOT_CONF".tmp "$DOVECOT_CONF"; then
    rm -f "$DOVECOT_CONF".tmp; DOVECOT_CHANGED=0
  else
    mv "$DOVECOT_CONF".tmp "$DOVECOT_CONF"; DOVECOT_CHANGED=1
  fi
  doveconf -n -c "$DOVECOT_CONF" >/dev/null 2>&1 \
    || { doveconf -n -c "$DOVECOT_CONF" >/dev/null || true; die "dovecot config invalid"; }
}

dovecot_pid() {
  local base pid
  base=$(doveconf -h -c "$DOVECOT_CONF" base_dir 2>/dev/null || echo /run/dovecot)
  pid=$(cat "$base/master.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start_dovecot() {
  local pid
  if pid=$(dovecot_pid); then
    ((DOVECOT_CHANGED)) || return 0
    log "dovecot: configuration changed, restarting"
    kill "$pid" 2>/dev/null || true
    local i; for ((i = 0; i < WAIT_TRIES; i++)); do
      kill -0 "$pid" 2>/dev/null || break; sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && die "dovecot (pid $pid) did not stop"
  else
    log "dovecot: starting"
  fi
  # A penalty socket left by an earlier instance would make auth retry
  # connecting to it for 5 s on the first failed login.
  rm -f "$(doveconf -h -c "$DOVECOT_CONF" base_dir 2>/dev/null || echo /run/dovecot)/anvil-auth-penalty"
  # Dovecot's master keeps the stderr it was started with: never hand it ours,
  # or callers that pipe this script's output hang until dovecot exits.
  dovecot -c "$DOVECOT_CONF" </dev/null >>"$DOVECOT_LOG" 2>&1 9>&- \
    || { tail -n 20 "$DOVECOT_LOG" >&2; die "dovecot failed to start"; }
}

# ---------------------------------------------------------------------------
# Redis and PostgreSQL (normally already running)
# ---------------------------------------------------------------------------
wait_for() { # wait_for <description> <command...>: bounded readiness loop
  local what=$1 i; shift
  for ((i = 0; i < WAIT_TRIES; i++)); do
    "$@" >/dev/null 2>&1 && return 0; sleep 0.5
  done
  return 1
}

ensure_redis() {
  local rc=(redis-cli -h 127.0.0.1 -p 6379)
  if ! "${rc[@]}" ping 2>/dev/null | grep -q PONG; then
    log "redis: starting"
    install -d /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log \
      </dev/null >/dev/null 2>&1 9>&- || die "redis: redis-server failed to start"
    wait_for redis bash -c "${rc[*]} ping | grep -q PONG" || die "redis: not answering PING on 127.0.0.1:6379"
  fi
  # Queues (BullMQ) must never lose keys to eviction.
  "${rc[@]}" config set maxmemory-policy noeviction >/dev/null
  [[ $("${rc[@]}" config get maxmemory-policy | tail -n1) == noeviction ]] \
    || die "redis: could not set maxmemory-policy noeviction"
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "postgresql: starting"
    local ver; ver=$(ls /etc/postgresql | sort -V | tail -n1)
    [[ -n $ver ]] || die "postgresql: no cluster under /etc/postgresql"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start </dev/null >/dev/null 2>&1 9>&- || true
    wait_for postgresql pg_isready -q -h 127.0.0.1 -p 5432 || die "postgresql: not accepting connections on 127.0.0.1:5432"
  fi
}

# The tests connect as postgres without a password to database `test`. A cluster
# this script installed gets trust auth on loopback; an existing cluster's
# authentication is left alone (configure it yourself if the check fails).
ensure_postgres_access() {
  local hba
  if ((PG_FRESH)); then
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -n1)
    if ! grep -q '^# tidings-test' "$hba"; then
      log "postgresql: trust auth for postgres on loopback ($hba)"
      { printf '# tidings-test: loopback trust for the test suites\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n'; cat "$hba"; } >"$hba.tmp"
      mv "$hba.tmp" "$hba"; chown postgres:postgres "$hba"
      local ver; ver=$(basename "$(dirname "$(dirname "$hba")")")
      pg_ctlcluster --skip-systemctl-redirect "$ver" main reload </dev/null >/dev/null 2>&1 9>&- || true
    fi
  fi
  local q=(psql -h 127.0.0.1 -U postgres -d postgres -tAq -v ON_ERROR_STOP=1)
  PGCONNECT_TIMEOUT=5 "${q[@]}" -c 'select 1' >/dev/null 2>&1 \
    || die "postgresql: cannot connect as postgres without a password on 127.0.0.1:5432 (the tests need trust auth there)"
  if [[ $("${q[@]}" -c "select 1 from pg_database where datname = 'test'") != 1 ]]; then
    log "postgresql: creating database test"
    "${q[@]}" -c 'create database test' >/dev/null
  fi
}

# ---------------------------------------------------------------------------
# Final check: every port answers.
# ---------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports() {
  local failed=0 entry name port
  for entry in "postgresql:5432" "redis:6379" "smtp:25" "submission:587" "smtps:465" \
               "imap:143" "imaps:993" "pop3:110" "pop3s:995"; do
    name=${entry%%:*}; port=${entry##*:}
    if wait_for "$name" port_open "$port"; then
      printf '[test-services] %-10s 127.0.0.1:%-5s up\n' "$name" "$port"
    else
      printf '[test-services] %-10s 127.0.0.1:%-5s DOWN\n' "$name" "$port" >&2
      failed=1
      case $name in
        smtp|submission|smtps) tail -n 10 "$POSTFIX_LOG" >&2 2>/dev/null || true ;;
        imap*|pop3*)           tail -n 10 "$DOVECOT_LOG" >&2 2>/dev/null || true ;;
      esac
    fi
  done
  ((failed == 0)) || die "some services are not up (see above)"
}

main() {
  install_packages
  setup_vmail_user
  setup_tls_cert
  configure_postfix
  write_dovecot_conf
  # Dovecot first: it creates the auth socket Postfix' submission uses.
  start_dovecot
  # smtpd processes keep their SASL connection to Dovecot's auth service;
  # after a Dovecot restart, make Postfix recycle them.
  ((DOVECOT_CHANGED && !POSTFIX_CHANGED)) && postfix status >/dev/null 2>&1 \
    && { log "postfix: reloading (dovecot restarted)"; postfix reload </dev/null >/dev/null 2>&1 9>&- || true; }
  start_postfix
  ensure_redis
  ensure_postgres
  ensure_postgres_access
  check_ports
  local sink; sink=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
  log "mail: domain $MAIL_DOMAIN, password $MAIL_PASSWORD, cert $TLS_CERT, smtp-sink $sink"
  log "done in $(awk -v s="$START_TS" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}') s"
}

main "$@"
