/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: one printing path for text and JSON, as iproute2's print_*():
 * each call names the JSON key and the text format of one value, and
 * prints whichever the output mode (-j) asks for.
 */
#ifndef VRRPCTL_PRINT_H
#define VRRPCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum output_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* One JSON document (with -j) from print_start() to print_end(). */
void print_start(bool allow_pretty);
void print_end(void);
bool is_json_context(void);

/* JSON structure; @name is NULL for an array element or the top level. */
void open_json_object(const char *name);
void close_json_object(void);
void open_json_array(const char *name);
void close_json_array(void);

/* @fmt is for text (one conversion of the value's type), @key for JSON. */
void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value);
void print_int(enum output_type t, const char *key, const char *fmt,
	       int value);
void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value);	/* text: "on"/"off" through a %s */
void print_null(enum output_type t, const char *key, const char *fmt,
		const char *text);	/* JSON null, text @text */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_nl(void);

#endif /* VRRPCTL_PRINT_H */
