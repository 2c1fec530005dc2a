#include "CKilnVips.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

static pthread_once_t started_once = PTHREAD_ONCE_INIT;
static int started_result = -1;

/// libvips' warnings (odd but readable files) would go to standard error, outside the server's
/// logs; a failure's message comes back through the error buffer instead.
static void drop_message(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void) domain;
    (void) level;
    (void) message;
    (void) data;
}

static void start_once(void) {
    if (VIPS_INIT("kiln")) return;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, drop_message, NULL);
    // Every job reads a different scratch file: a cache would only keep deleted files open.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // Only the loaders Kiln chooses run (the probe picks png, jpeg or webp by the file's bytes),
    // but refuse the ones libvips itself marks as unsafe for untrusted input anyway.
    vips_block_untrusted_set(TRUE);
    // One thread a render: a node renders several stills at once on its light workers, and
    // libvips' own threads on top of them cost more than they save (bench/images: 0.97x thumbor
    // with a thread a core, 1.05x with one). VIPS_CONCURRENCY still overrides it.
    const char *concurrency = getenv("VIPS_CONCURRENCY");
    if (concurrency == NULL || *concurrency == '\0') vips_concurrency_set(1);
    started_result = 0;
}

int kiln_vips_start(void) {
    pthread_once(&started_once, start_once);
    return started_result;
}

/// Moves libvips' error buffer (this thread's messages and any other's) into `error`.
static void take_error(char *error, size_t error_size) {
    char *message = vips_error_buffer_copy();
    if (error && error_size > 0) {
        snprintf(error, error_size, "%s", message ? message : "");
        // One line: libvips ends each message with a newline.
        size_t length = strlen(error);
        while (length > 0 && (error[length - 1] == '\n' || error[length - 1] == ' ')) error[--length] = 0;
        for (size_t i = 0; i < length; i++) if (error[i] == '\n') error[i] = ' ';
    }
    g_free(message);
}

static int get_int(VipsImage *image, const char *name, int fallback) {
    int value;
    if (vips_image_get_typeof(image, name) && !vips_image_get_int(image, name, &value)) return value;
    return fallback;
}

int kiln_vips_read_header(const char *path, kiln_vips_header *header, char *error, size_t error_size) {
    memset(header, 0, sizeof *header);
    if (error && error_size > 0) error[0] = 0;
    if (kiln_vips_start()) {
        take_error(error, error_size);
        return -1;
    }
    const char *type = vips_foreign_find_load(path);
    if (!type) {
        // Not a picture libvips knows: not an error, the caller asks ffprobe.
        vips_error_clear();
        return 1;
    }
    const char *nickname = vips_nickname_find(g_type_from_name(type));
    snprintf(header->loader, sizeof header->loader, "%s", nickname ? nickname : type);
    if (strcmp(header->loader, "pngload") && strcmp(header->loader, "jpegload") && strcmp(header->loader, "webpload")) {
        return 1;
    }
    VipsImage *image = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) {
        take_error(error, error_size);
        return -1;
    }
    header->width = vips_image_get_width(image);
    header->height = vips_image_get_height(image);
    header->bands = vips_image_get_bands(image);
    header->bits = (int) (vips_format_sizeof(vips_image_get_format(image)) * 8);
    header->has_alpha = vips_image_hasalpha(image);
    header->orientation = get_int(image, VIPS_META_ORIENTATION, 1);
    header->pages = get_int(image, VIPS_META_N_PAGES, 1);
    header->interlaced = get_int(image, "interlaced", 0);
    const char *chroma = NULL;
    if (vips_image_get_typeof(image, "jpeg-chroma-subsample") && !vips_image_get_string(image, "jpeg-chroma-subsample", &chroma) && chroma) {
        snprintf(header->chroma, sizeof header->chroma, "%s", chroma);
    }
    header->lossless = get_int(image, "webp-lossless", 0);
    g_object_unref(image);
    return 0;
}

static int save(VipsImage *image, const kiln_vips_render *render) {
    switch (render->format) {
    case KILN_VIPS_JPEG:
        // 4:2:0 at every quality, as ffmpeg's yuvj420p.
        return vips_jpegsave(image, render->output, "Q", render->quality, "strip", TRUE,
            "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON, NULL);
    case KILN_VIPS_PNG:
        return vips_pngsave(image, render->output, "compression", render->effort, "strip", TRUE, NULL);
    case KILN_VIPS_WEBP:
        return vips_webpsave(image, render->output, "Q", render->quality, "effort", render->effort, "strip", TRUE, NULL);
    case KILN_VIPS_AVIF:
        return vips_heifsave(image, render->output, "Q", render->quality, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
            "bitdepth", 8, "effort", render->effort, "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON, "strip", TRUE, NULL);
    }
    vips_error("kiln", "unknown output format");
    return -1;
}

int kiln_vips_render_picture(const kiln_vips_render *render, char *error, size_t error_size) {
    if (error && error_size > 0) error[0] = 0;
    if (kiln_vips_start()) {
        take_error(error, error_size);
        return -1;
    }
    // Every image made below belongs to `context` and goes with it.
    VipsObject *context = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **) vips_object_local_array(context, 8);
    int failed = 0;

    // thumbnail shrinks while it loads (JPEG's DCT scaling, WebP's scaled decode) and applies the
    // EXIF orientation; `force` gives exactly the content size. ICC profiles are not applied (as
    // ffmpeg never did, and thumbor does not): the transform would cost a 200 px thumbnail of a
    // 512 px PNG a third of its time.
    failed = vips_thumbnail(render->input, &t[0], render->content_width, "height", render->content_height,
        "size", VIPS_SIZE_FORCE, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    VipsImage *image = t[0];

    // 8-bit sRGB, as every output format wants: grey, 16-bit and CMYK pictures converted.
    if (!failed && (vips_image_get_interpretation(image) != VIPS_INTERPRETATION_sRGB || vips_image_get_format(image) != VIPS_FORMAT_UCHAR)) {
        failed = vips_colourspace(image, &t[1], VIPS_INTERPRETATION_sRGB, NULL);
        if (!failed && vips_image_get_format(t[1]) != VIPS_FORMAT_UCHAR) failed = vips_cast_uchar(t[1], &t[2], NULL);
        if (!failed) image = t[2] ? t[2] : t[1];
    }

    // Rounding in the shrink may leave a pixel over or under: take the exact content size.
    if (!failed && (vips_image_get_width(image) != render->content_width || vips_image_get_height(image) != render->content_height)) {
        failed = vips_gravity(image, &t[3], VIPS_COMPASS_DIRECTION_CENTRE, render->content_width, render->content_height,
            "extend", VIPS_EXTEND_COPY, NULL);
        if (!failed) image = t[3];
    }

    if (!failed) {
        int has_alpha = vips_image_hasalpha(image);
        if (render->alpha && !has_alpha) {
            failed = vips_bandjoin_const1(image, &t[4], 255, NULL);
            if (!failed) image = t[4];
        } else if (!render->alpha && has_alpha) {
            VipsArrayDouble *colour = vips_array_double_new(render->background, 3);
            failed = vips_flatten(image, &t[4], "background", colour, NULL);
            vips_area_unref(VIPS_AREA(colour));
            if (!failed) image = t[4];
        }
    }

    if (!failed && render->mode == KILN_VIPS_PAD) {
        VipsArrayDouble *colour = vips_array_double_new(render->background, render->alpha ? 4 : 3);
        failed = vips_embed(image, &t[5], render->offset_x, render->offset_y, render->frame_width, render->frame_height,
            "extend", VIPS_EXTEND_BACKGROUND, "background", colour, NULL);
        vips_area_unref(VIPS_AREA(colour));
        if (!failed) image = t[5];
    } else if (!failed && render->mode == KILN_VIPS_CROP) {
        failed = vips_extract_area(image, &t[5], render->offset_x, render->offset_y, render->frame_width, render->frame_height, NULL);
        if (!failed) image = t[5];
    }

    if (!failed) failed = save(image, render);
    if (failed) take_error(error, error_size);
    g_object_unref(context);
    return failed ? -1 : 0;
}
