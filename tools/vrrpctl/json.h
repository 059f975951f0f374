/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: a tiny streaming JSON writer, after iproute2's json_writer.
 * The caller keeps the nesting right; the writer places commas, quotes,
 * escapes and (if pretty) newlines and indentation.
 */
#ifndef VRRPCTL_JSON_H
#define VRRPCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

struct json_writer *jw_new(FILE *f, bool pretty);
void jw_destroy(struct json_writer **jw);	/* ends the line */

void jw_name(struct json_writer *jw, const char *name);
void jw_start_object(struct json_writer *jw);
void jw_end_object(struct json_writer *jw);
void jw_start_array(struct json_writer *jw);
void jw_end_array(struct json_writer *jw);

void jw_string(struct json_writer *jw, const char *s);
void jw_u64(struct json_writer *jw, uint64_t v);
void jw_s64(struct json_writer *jw, int64_t v);
void jw_bool(struct json_writer *jw, bool v);
void jw_null(struct json_writer *jw);

#endif /* VRRPCTL_JSON_H */
