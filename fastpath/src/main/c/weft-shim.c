/*
 * weft-shim: runs a weft CNI plugin inside the warm node agent instead of a fresh JVM.
 *
 * Installed as the plugin executable (copy or symlink, e.g. /opt/cni/bin/weft-bridge), it reads
 * stdin and the CNI_* environment, sends them over the agent's unix socket (frame format in
 * fastpath/PROTOCOL.md) and replays the agent's stdout, stderr and exit code.
 *
 * Fallback: only when no connection could be made -- nothing was sent, so the agent cannot have
 * acted -- it execs the JVM launcher with stdin re-supplied from a memfd. Once a byte was sent it
 * never falls back (a second run could allocate twice); a broken exchange is CNI error 999.
 *
 * Timeout: the exchange with the agent (connect, send, answer) must end within WEFT_SHIM_TIMEOUT
 * seconds (default 300, longer than anything the agent itself waits for): an agent that does not
 * accept is error 11, one that does not answer error 5. Never a hang; never a fallback then, since
 * an agent is there (and may have acted).
 *
 * Env: WEFT_CNI_SOCKET (default /run/weft/cni.sock), WEFT_SHIM_FALLBACK (default "<argv[0]>.jvm"),
 * WEFT_SHIM_TIMEOUT (whole seconds, 1-86400, default 300).
 * Build: cc -O2 -static -Wall -Wextra -Werror -o weft-shim weft-shim.c (see build.sh)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, memmem */
#endif
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HEADER_LEN 12
#define VERSION 2
#define FALLBACK_VERSION 1 /* an agent answers a version it does not speak in version 1 */
#define TYPE_REQUEST 1
#define TYPE_RESPONSE 2
#define MAX_PLUGIN 255u
#define MAX_ENV_ENTRIES 1024u
#define MAX_ENV_BYTES (1u << 20)
#define MAX_STDIN (64u << 20)
#define MAX_STDOUT (64u << 20)
#define MAX_STDERR (1u << 20)
#define MAX_BODY (66u << 20)
#define DEFAULT_SOCKET "/run/weft/cni.sock"
#define DEFAULT_TIMEOUT 300L
#define MAX_TIMEOUT 86400L

extern char **environ;

struct buf { unsigned char *p; size_t len, cap; };

static char cni_version[17]; /* from the stdin config, for our own error JSON */
static long timeout_s = DEFAULT_TIMEOUT;
static struct timespec deadline; /* CLOCK_MONOTONIC: the end of the exchange with the agent */

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

/* The spec's error JSON on stdout, exit 1: the only way this shim reports its own failures. */
static void fail(int code, const char *msg, const char *details)
{
    putchar('{');
    if (cni_version[0]) { printf("\"cniVersion\":"); json_str(cni_version); putchar(','); }
    printf("\"code\":%d,\"msg\":", code);
    json_str(msg);
    if (details && *details) { printf(",\"details\":"); json_str(details); }
    printf("}\n");
    fflush(stdout);
    exit(1);
}

/* fail() with a message that names the timeout. */
static void fail_timeout(int code, const char *what, const char *details)
{
    char msg[160];
    snprintf(msg, sizeof msg, "weft agent %s within %ld s", what, timeout_s);
    fail(code, msg, details);
}

/* WEFT_SHIM_TIMEOUT: whole seconds; anything else is refused rather than silently defaulted. */
static void read_timeout_setting(void)
{
    const char *v = getenv("WEFT_SHIM_TIMEOUT");
    if (!v || !*v) return;
    long n = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9' && n <= MAX_TIMEOUT; p++) n = n * 10 + (*p - '0');
    if (*p || n < 1 || n > MAX_TIMEOUT)
        fail(4, "weft-shim: WEFT_SHIM_TIMEOUT must be whole seconds from 1 to 86400", v);
    timeout_s = n;
}

static void start_deadline(void)
{
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_s;
}

/* Gives fd's blocking calls (connect, send, read) what is left until the deadline; 0 when nothing is. */
static int arm(int fd)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long left = (long long)(deadline.tv_sec - now.tv_sec) * 1000000 + (deadline.tv_nsec - now.tv_nsec) / 1000;
    if (left <= 0) return 0;
    struct timeval tv = { .tv_sec = (time_t)(left / 1000000), .tv_usec = (suseconds_t)(left % 1000000) };
    return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0
        && setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0;
}

static int timed_out(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK || e == ETIMEDOUT || e == EINPROGRESS;
}

static void put(struct buf *b, const void *p, size_t n)
{
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap - b->len < n) cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) fail(999, "weft-shim: out of memory", NULL);
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void put_u32(struct buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v };
    put(b, x, 4);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_blob(struct buf *b, const void *p, size_t n)
{
    put_u32(b, (uint32_t)n);
    put(b, p, n);
}

/* Reads fd to EOF; more than max bytes is error 7 (a config that large is not a config). */
static void read_all(int fd, struct buf *b, size_t max)
{
    unsigned char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(5, "weft-shim: cannot read stdin", strerror(errno));
        if (n == 0) return;
        if ((size_t)n > max - b->len) fail(7, "weft-shim: stdin exceeds 64 MiB", NULL);
        put(b, chunk, (size_t)n);
    }
}

/* 0, or -1 with errno. Sockets use MSG_NOSIGNAL so a vanished agent is EPIPE, not SIGPIPE, and
 * each send gets what is left of the deadline (ETIMEDOUT once nothing is). */
static int write_all(int fd, const unsigned char *p, size_t n, int is_socket)
{
    while (n > 0) {
        if (is_socket && !arm(fd)) { errno = ETIMEDOUT; return -1; }
        ssize_t w = is_socket ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* 0 when all n bytes of the agent's answer arrived, -2 when the deadline passed, -1 on error or early EOF. */
static int read_exact(int fd, unsigned char *p, size_t n)
{
    while (n > 0) {
        if (!arm(fd)) return -2;
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && timed_out(errno)) return -2;
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Best effort: the first "cniVersion" string in the config, so our errors carry it. */
static void scan_cni_version(const struct buf *in)
{
    static const char key[] = "\"cniVersion\"";
    const unsigned char *p = in->p, *end = in->p + in->len;
    p = in->len ? memmem(p, in->len, key, sizeof key - 1) : NULL;
    if (!p) return;
    for (p += sizeof key - 1; p < end && (*p == ' ' || *p == ':' || *p == '\t' || *p == '\n' || *p == '\r'); p++) {}
    if (p >= end || *p++ != '"') return;
    size_t i = 0;
    while (p < end && i < sizeof cni_version - 1 && ((*p >= '0' && *p <= '9') || *p == '.')) cni_version[i++] = (char)*p++;
    if (p >= end || *p != '"') i = 0;
    cni_version[i] = 0;
}

/* The request frame: header, plugin name, CNI_* env (first of duplicates, as getenv), stdin. */
static void build_request(struct buf *f, const char *plugin, const struct buf *in)
{
    struct buf env = { 0 };
    uint32_t count = 0;
    size_t bytes = 0;
    for (char **e = environ; *e; e++) {
        const char *eq = strchr(*e, '=');
        if (strncmp(*e, "CNI_", 4) != 0 || !eq) continue;
        size_t nlen = (size_t)(eq - *e), vlen = strlen(eq + 1);
        int dup = 0;
        for (char **d = environ; d < e && !dup; d++) dup = strncmp(*d, *e, nlen + 1) == 0;
        if (dup) continue;
        bytes += nlen + vlen;
        if (++count > MAX_ENV_ENTRIES || bytes > MAX_ENV_BYTES) fail(4, "weft-shim: CNI_* environment too large", NULL);
        put_blob(&env, *e, nlen);
        put_blob(&env, eq + 1, vlen);
    }
    size_t body = 4 + strlen(plugin) + 4 + env.len + 4 + in->len;
    unsigned char header[8] = { 'W', 'C', 'N', 'I', VERSION, TYPE_REQUEST, 0, 0 };
    put(f, header, 8);
    put_u32(f, (uint32_t)body);
    put_blob(f, plugin, strlen(plugin));
    put_u32(f, count);
    if (env.len) put(f, env.p, env.len);
    put_blob(f, in->p, in->len);
    free(env.p);
}

/* Execs the JVM launcher with stdin re-supplied; argv[0] and WEFT_PLUGIN carry the plugin name. */
static void fallback(const char *argv0, const char *plugin, char **args, const struct buf *in, const char *why)
{
    char dflt[PATH_MAX], self[PATH_MAX], target[PATH_MAX];
    const char *cmd = getenv("WEFT_SHIM_FALLBACK");
    if ((!cmd || !*cmd) && strchr(argv0, '/') && snprintf(dflt, sizeof dflt, "%s.jvm", argv0) < (int)sizeof dflt) cmd = dflt;
    if (!cmd || !*cmd) fail(999, "weft agent unavailable and no fallback configured", why);
    if (realpath(cmd, target) && realpath("/proc/self/exe", self) && strcmp(target, self) == 0)
        fail(999, "weft-shim: WEFT_SHIM_FALLBACK points at the shim itself", why);
    int fd = memfd_create("weft-shim-stdin", MFD_CLOEXEC);
    if (fd < 0) fail(999, "weft-shim: memfd_create failed", strerror(errno));
    if (write_all(fd, in->p, in->len, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 || dup2(fd, 0) < 0)
        fail(999, "weft-shim: cannot re-supply stdin to the fallback", strerror(errno));
    close(fd);
    if (setenv("WEFT_PLUGIN", plugin, 1) < 0) fail(999, "weft-shim: out of memory", NULL);
    args[0] = (char *)plugin;
    execv(cmd, args);
    fail(999, "weft-shim: cannot exec the fallback", strerror(errno));
}

/* A connected socket, or -1 with errno: the caller falls back, since nothing was sent yet -- unless
 * the connect timed out (the agent's queue is full: it is there, just not accepting). */
static int connect_agent(void)
{
    const char *path = getenv("WEFT_CNI_SOCKET");
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (!path || !*path) path = DEFAULT_SOCKET;
    if (strlen(path) >= sizeof sa.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (!arm(fd)) { close(fd); errno = ETIMEDOUT; return -1; } /* SO_SNDTIMEO bounds a unix connect() */
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* The answer could not be read: a timeout (5), or a lost connection (999), with why the send failed if it did. */
static void lost(int r, int send_errno, const char *what)
{
    if (r == -2) fail_timeout(5, "did not answer", send_errno ? strerror(send_errno) : what);
    fail(999, "weft agent connection lost", send_errno ? strerror(send_errno) : what);
}

/* Reads and replays the response; any failure here is an error, never a fallback. send_errno: why
 * sending the request failed (0: it did not), since an agent may answer early and stop reading. */
static int relay_response(int fd, int send_errno)
{
    unsigned char h[HEADER_LEN];
    int r = read_exact(fd, h, HEADER_LEN);
    if (r < 0) lost(r, send_errno, "no response");
    uint32_t len = get_u32(h + 8);
    if (memcmp(h, "WCNI", 4) || (h[4] != VERSION && h[4] != FALLBACK_VERSION) || h[5] != TYPE_RESPONSE || h[6] || h[7]
            || len > MAX_BODY || len < 12)
        fail(999, "weft agent sent a malformed response", "bad header");
    unsigned char *b = malloc(len);
    if (!b) fail(999, "weft-shim: out of memory", NULL);
    if ((r = read_exact(fd, b, len)) < 0) lost(r, send_errno, "truncated response");
    uint32_t code = get_u32(b), olen = get_u32(b + 4), elen;
    if (code > 255 || olen > MAX_STDOUT || olen > len - 12 || (elen = get_u32(b + 8 + olen)) > MAX_STDERR
            || (size_t)olen + elen + 12 != len)
        fail(999, "weft agent sent a malformed response", "bad body");
    write_all(1, b + 8, olen, 0);
    write_all(2, b + 12 + olen, elen, 0);
    free(b);
    return (int)code;
}

int main(int argc, char **argv)
{
    char **args = argv;
    const char *argv0 = argc > 0 && argv[0] ? argv[0] : "";
    const char *plugin = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
    if (argc >= 3 && strcmp(argv[1], "--plugin") == 0) { /* for tests: name the plugin explicitly */
        plugin = argv[2];
        args = argv + 2; /* the fallback sees the remaining arguments only */
    }
    if (!*plugin || strlen(plugin) > MAX_PLUGIN || strchr(plugin, '/'))
        fail(999, "weft-shim: cannot tell the plugin name from argv[0]", argv0);

    struct buf in = { 0 }, frame = { 0 };
    read_all(0, &in, MAX_STDIN);
    scan_cni_version(&in);
    read_timeout_setting();
    build_request(&frame, plugin, &in);
    start_deadline();
    int fd = connect_agent();
    if (fd < 0 && timed_out(errno)) fail_timeout(11, "did not accept the connection", "its queue is full; try again later");
    if (fd < 0) fallback(argv0, plugin, args, &in, strerror(errno));
    int send_errno = 0;
    if (write_all(fd, frame.p, frame.len, 1) < 0) send_errno = errno;
    else shutdown(fd, SHUT_WR); /* the end of the request (PROTOCOL.md) */
    if (timed_out(send_errno)) fail_timeout(5, "did not answer", "it stopped reading the request");
    free(frame.p);
    free(in.p);
    int code = relay_response(fd, send_errno);
    close(fd);
    return code;
}
