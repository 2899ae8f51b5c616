/**
 * The Okabe-Ito palette: eight colours chosen to stay distinct for people with each common kind of colour
 * blindness (protanopia, deuteranopia, tritanopia) as well as for everyone else. Source: Masataka Okabe and Kei
 * Ito, "Color Universal Design (CUD): how to make figures and presentations that are friendly to colorblind
 * people" (2002/2008), https://jfly.uni-koeln.de/color/ (the same values as R's palette.colors("Okabe-Ito")).
 * The page uses it wherever colours name groups (the item map's genres, the run history's lines), so that no two
 * of them differ only in hue along the red-green axis.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#e69f00',
  skyBlue: '#56b4e9',
  bluishGreen: '#009e73',
  /** Too light for small marks or faded lines on the page's white: the page leaves it out. */
  yellow: '#f0e442',
  blue: '#0072b2',
  vermillion: '#d55e00',
  reddishPurple: '#cc79a7',
} as const;
