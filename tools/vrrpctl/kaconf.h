/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl load: a reader for keepalived's configuration language, as
 * keepalived 2.2 reads it (see kaconf.c), and the messages about it.
 */
#ifndef VRRPCTL_KACONF_H
#define VRRPCTL_KACONF_H

#include <stdbool.h>
#include <stddef.h>

/* Where a line came from: the path as given or joined, and its line number. */
struct ka_pos {
	const char *file;
	unsigned int line;
};

struct ka_msg;

/*
 * Messages, each "FILE:LINE: message" on stderr; warnings say "warning: "
 * after the prefix. @strict (--strict) makes ka_strict() an error. They
 * are held until ka_flush(), which prints them in the order of the files
 * and lines they are about.
 */
struct ka_diag {
	unsigned int errors, warnings;
	bool strict;
	struct ka_msg *msgs;
	unsigned int nmsgs;
	const char **files;	/* the files read, in the order they were opened */
	unsigned int nfiles;
};

void ka_flush(struct ka_diag *d);

void ka_error(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ka_warn(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* What changes behaviour compared with keepalived: an error with --strict. */
void ka_strict(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* What is ignored and changes nothing: said with --strict only. */
void ka_note(struct ka_diag *d, const struct ka_pos *p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One logical line and, if a block follows it, the lines of that block.
 * @raw is the line as keepalived hands it to its script parsers (comments
 * removed, $NAMEs replaced, split at braces); @w its words: blank-separated,
 * "..." one word without its quotes.
 */
struct ka_node {
	struct ka_pos pos;
	char *raw;
	char **w;
	int nw;
	bool block;		/* a { } block followed (maybe empty) */
	struct ka_node *child;	/* its first line */
	struct ka_node *next;
};

struct ka_chunk;

struct ka_conf {
	struct ka_node *root;	/* the top-level lines */
	struct ka_chunk *mem;	/* everything above lives here, freed at once */
};

/* Reads @path and what it includes; 0, or -1 with messages in @d. */
int ka_read(struct ka_conf *c, const char *path, struct ka_diag *d);
void ka_free(struct ka_conf *c);

/* Memory of @c, freed with it; these exit on out of memory. */
void *ka_alloc(struct ka_conf *c, size_t size);
char *ka_strdup(struct ka_conf *c, const char *s);
char *ka_printf(struct ka_conf *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * keepalived's second reading of a line for commands (script, notify_*):
 * blanks separate words; "..." and '...' quote; a backslash escapes, with
 * \n \t \xHH \0NN and the like. Returns the number of words in *argv
 * (NULL-terminated, in @c's memory), or -1 with *why set.
 */
int ka_split_cmd(struct ka_conf *c, const char *s, char ***argv, const char **why);

#endif /* VRRPCTL_KACONF_H */
