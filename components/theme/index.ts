export { THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from "./theme-choice";
export { ThemeToggle } from "./theme-toggle";
export { useTheme } from "./use-theme";
