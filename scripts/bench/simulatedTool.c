/*
 * The sweep bench's simulated psexec / pslist (scripts/bench/simulatedHosts.ts builds it into the bench's bin folder
 * under both names): waits the host's delay, then replays what the lab fleet's own tool printed for that host.
 *
 * Native, so that a run costs this machine about what starting any executable costs: the bench measures FlowPivot,
 * not its simulator. Run as BIN/TOOL, it reads BIN/../answers/: TOOL.args (the arguments FlowPivot passes after
 * \\HOST), TOOL-probe.* (no arguments: the version probe), HOST/delay-ms and HOST/TOOL.{out,err,exit}.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Reads a small file whole into buffer (NUL-terminated); -1 when it cannot be read. */
static long slurp(const char *path, char *buffer, size_t size) {
  int file = open(path, O_RDONLY);
  if (file < 0) return -1;
  size_t length = 0;
  for (;;) {
    ssize_t got = read(file, buffer + length, size - 1 - length);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    length += (size_t)got;
    if (length == size - 1) break;
  }
  close(file);
  buffer[length] = '\0';
  return (long)length;
}

/* Copies a file to a descriptor; nothing when it is missing. */
static void replay(const char *path, int to) {
  char chunk[65536];
  int file = open(path, O_RDONLY);
  if (file < 0) return;
  for (;;) {
    ssize_t got = read(file, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    for (ssize_t sent = 0; sent < got;) {
      ssize_t wrote = write(to, chunk + sent, (size_t)(got - sent));
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) return;
      sent += wrote;
    }
  }
  close(file);
}

static int refuse(const char *tool, const char *what, int code) {
  dprintf(2, "FlowPivot bench: %s %s\r\n", tool, what);
  return code;
}

int main(int argc, char **argv) {
  char self[PATH_MAX], answers[PATH_MAX], path[PATH_MAX], text[4096];
  snprintf(self, sizeof self, "%s", argv[0]);
  char *slash = strrchr(self, '/');
  if (slash == NULL) return refuse("tool", "must be run by its path", 1);
  const char *tool = slash + 1;
  *slash = '\0';
  snprintf(answers, sizeof answers, "%s/../answers", self);

  char from[PATH_MAX];
  if (argc == 1) {
    snprintf(from, sizeof from, "%s/%s-probe", answers, tool);
  } else {
    const char *unc = argv[1];
    if (strncmp(unc, "\\\\", 2) != 0 || strspn(unc + 2, "0123456789.") != strlen(unc + 2) || unc[2] == '\0') return refuse(tool, "was given no \\\\HOST it knows", 1);
    const char *host = unc + 2;
    /* The rest of the arguments, joined by spaces, must be what FlowPivot was expected to pass. */
    char given[4096] = "";
    for (int index = 2; index < argc; index += 1) {
      if (index > 2) strncat(given, " ", sizeof given - strlen(given) - 1);
      strncat(given, argv[index], sizeof given - strlen(given) - 1);
    }
    snprintf(path, sizeof path, "%s/%s.args", answers, tool);
    if (slurp(path, text, sizeof text) < 0 || strcmp(text, given) != 0) return refuse(tool, "was not prepared for these arguments", 1);
    snprintf(path, sizeof path, "%s/%s/delay-ms", answers, host);
    if (slurp(path, text, sizeof text) < 0) return refuse(tool, "has no such simulated host", 53);
    double delay = atof(text) / 1000.0;
    struct timespec wait = { (time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9) };
    while (nanosleep(&wait, &wait) != 0 && errno == EINTR) {
    }
    snprintf(from, sizeof from, "%s/%s/%s", answers, host, tool);
  }
  snprintf(path, sizeof path, "%s.out", from);
  replay(path, 1);
  snprintf(path, sizeof path, "%s.err", from);
  replay(path, 2);
  snprintf(path, sizeof path, "%s.exit", from);
  return slurp(path, text, sizeof text) < 0 ? 1 : atoi(text);
}
