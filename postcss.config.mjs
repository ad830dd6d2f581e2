// Tailwind CSS 4 (app/globals.css), run by Next's PostCSS.
const config = {
  plugins: { "@tailwindcss/postcss": {} },
};

export default config;
