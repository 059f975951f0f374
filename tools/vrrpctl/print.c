// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: one printing path for text and JSON (see print.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "print.h"
#include "vrrpctl.h"

static struct json_writer *jw;

void print_start(bool allow_pretty)
{
	if (!json)
		return;
	jw = jw_new(stdout, pretty && allow_pretty);
	if (!jw) {
		perror("vrrpctl");
		exit(EXIT_KERNEL);
	}
}

void print_end(void)
{
	jw_destroy(&jw);
	fflush(stdout);
}

bool is_json_context(void)
{
	return jw != NULL;
}

static bool want_json(enum output_type t, const char *key)
{
	if (!jw || !(t & PRINT_JSON))
		return false;
	if (key)
		jw_name(jw, key);
	return true;
}

static bool want_text(enum output_type t)
{
	return !jw && (t & PRINT_FP);
}

void open_json_object(const char *name)
{
	if (want_json(PRINT_JSON, name))
		jw_start_object(jw);
}

void close_json_object(void)
{
	if (jw)
		jw_end_object(jw);
}

void open_json_array(const char *name)
{
	if (want_json(PRINT_JSON, name))
		jw_start_array(jw);
}

void close_json_array(void)
{
	if (jw)
		jw_end_array(jw);
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (want_json(t, key))
		jw_string(jw, value);
	else if (want_text(t))
		printf(fmt, value);
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value)
{
	if (want_json(t, key))
		jw_u64(jw, value);
	else if (want_text(t))
		printf(fmt, value);
}

void print_int(enum output_type t, const char *key, const char *fmt,
	       int value)
{
	if (want_json(t, key))
		jw_s64(jw, value);
	else if (want_text(t))
		printf(fmt, value);
}

void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	if (want_json(t, key))
		jw_u64(jw, value);
	else if (want_text(t))
		printf(fmt, value);
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value)
{
	if (want_json(t, key))
		jw_bool(jw, value);
	else if (want_text(t))
		printf(fmt, value ? "on" : "off");
}

void print_null(enum output_type t, const char *key, const char *fmt,
		const char *text)
{
	if (want_json(t, key))
		jw_null(jw);
	else if (want_text(t))
		printf(fmt, text);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (jw)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void print_nl(void)
{
	if (!jw)
		putchar('\n');
}
