/* The runtime's source text, cut into the sections tools/embed_runtime
   checked at build time; the C backend copies those a model needs. */
#ifndef DLC_RUNTIME_SECTIONS_H
#define DLC_RUNTIME_SECTIONS_H

typedef struct runtime_section {
    const char *name;
    const char *text;
    int num_needs;
    const int *needs;              /* indices of earlier sections */
} runtime_section;

extern const runtime_section runtime_sections[];   /* generated: runtime_embedded.c */
extern const int runtime_num_sections;

#endif
