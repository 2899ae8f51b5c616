/** Distinct colours for up to 20 genres (the item map's points and its legend). */
export const GENRE_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79', '#ad494a', '#637939', '#7b4173', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#843c39', '#8c6d31', '#636363'];
/** Items without a genre are grey. */
export const NO_GENRE = '#9aa3ad';
