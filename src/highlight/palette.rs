//! The colours a pair of schemes (light, dark) can give a token, numbered, and the stylesheet
//! for the pairs a site uses. A token's class names its pair (`<span class=z1f>`): one short
//! class carries both schemes' colours exactly, as Zola's and GitHub's single classes do, and the
//! stylesheet holds one rule per pair the site's code uses.

use std::collections::BTreeSet;

use syntect::highlighting::{Color, FontStyle, Style, Theme};

/// Every style one scheme can give a token: its foregrounds × backgrounds × font styles, in a
/// fixed order, so a style's number (and a class) is the same in every build.
#[derive(Debug)]
pub struct Palette {
    foregrounds: Vec<Color>,
    backgrounds: Vec<Option<Color>>,
    font_styles: Vec<FontStyle>,
    /// The scheme's own text colour: a token in it needs no class.
    default: Style,
}

fn color_key(color: &Color) -> (u8, u8, u8, u8) {
    (color.r, color.g, color.b, color.a)
}

impl Palette {
    /// The styles of `theme`: a token's style takes its foreground, background and font style
    /// each from the theme's default or from one of its rules.
    pub fn of(theme: &Theme) -> Palette {
        let default_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
        let default_bg = theme.settings.background.unwrap_or(Color::WHITE);
        let mut foregrounds: Vec<Color> = std::iter::once(default_fg)
            .chain(theme.scopes.iter().filter_map(|item| item.style.foreground))
            .collect();
        foregrounds.sort_by_key(color_key);
        foregrounds.dedup_by_key(|color| color_key(color));
        let mut backgrounds: Vec<Option<Color>> = std::iter::once(None)
            .chain(
                theme
                    .scopes
                    .iter()
                    .filter_map(|item| item.style.background)
                    .filter(|bg| color_key(bg) != color_key(&default_bg))
                    .map(Some),
            )
            .collect();
        backgrounds.sort_by_key(|bg| bg.as_ref().map(color_key));
        backgrounds.dedup_by_key(|bg| bg.as_ref().map(color_key));
        let mut font_styles: Vec<FontStyle> = std::iter::once(FontStyle::empty())
            .chain(theme.scopes.iter().filter_map(|item| item.style.font_style))
            .collect();
        font_styles.sort_by_key(|style| style.bits());
        font_styles.dedup();
        Palette {
            foregrounds,
            backgrounds,
            font_styles,
            default: Style {
                foreground: default_fg,
                background: default_bg,
                font_style: FontStyle::empty(),
            },
        }
    }

    /// How many styles the scheme has.
    pub fn len(&self) -> u32 {
        (self.foregrounds.len() * self.backgrounds.len() * self.font_styles.len()) as u32
    }

    /// The number of `style`, or `None` for the scheme's plain text.
    pub fn number(&self, style: &Style) -> u32 {
        let foreground = self
            .foregrounds
            .iter()
            .position(|color| color_key(color) == color_key(&style.foreground))
            .unwrap_or(0);
        let background = match color_key(&style.background) == color_key(&self.default.background) {
            true => 0,
            false => self
                .backgrounds
                .iter()
                .position(|bg| bg.as_ref().map(color_key) == Some(color_key(&style.background)))
                .unwrap_or(0),
        };
        let font_style = self
            .font_styles
            .iter()
            .position(|fs| *fs == style.font_style)
            .unwrap_or(0);
        ((foreground * self.backgrounds.len() + background) * self.font_styles.len() + font_style)
            as u32
    }

    /// True when `style` is the scheme's plain text.
    pub fn is_plain(&self, style: &Style) -> bool {
        color_key(&style.foreground) == color_key(&self.default.foreground)
            && (color_key(&style.background) == color_key(&self.default.background))
            && style.font_style.is_empty()
    }

    /// The CSS declarations of style `number`, as custom properties named `--{prefix}…`.
    fn declarations(&self, number: u32, prefix: char) -> String {
        let number = number as usize;
        let font_style = self.font_styles[number % self.font_styles.len()];
        let rest = number / self.font_styles.len();
        let background = self.backgrounds[rest % self.backgrounds.len()];
        let foreground = self.foregrounds[rest / self.backgrounds.len()];
        let mut css = format!("--{prefix}:{}", hex(&foreground));
        if let Some(background) = background {
            css.push_str(&format!(";--{prefix}b:{}", hex(&background)));
        }
        if font_style.contains(FontStyle::BOLD) {
            css.push_str(&format!(";--{prefix}w:bold"));
        }
        if font_style.contains(FontStyle::ITALIC) {
            css.push_str(&format!(";--{prefix}i:italic"));
        }
        if font_style.contains(FontStyle::UNDERLINE) {
            css.push_str(&format!(";--{prefix}u:underline"));
        }
        css
    }
}

/// `#rrggbb`, or `#rrggbbaa` when not opaque.
fn hex(color: &Color) -> String {
    if color.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
    } else {
        format!(
            "#{:02x}{:02x}{:02x}{:02x}",
            color.r, color.g, color.b, color.a
        )
    }
}

/// The digits of class names: letters and digits, case-sensitive, as HTML classes allow.
const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Two schemes' palettes and the class of each pair of their styles.
#[derive(Debug)]
pub struct Pairs {
    light: Palette,
    dark: Palette,
    /// Digits of a pair's number in its class, the same for every pair of these schemes.
    width: usize,
}

impl Pairs {
    /// The pairs of `light` and `dark`.
    pub fn of(light: &Theme, dark: &Theme) -> Pairs {
        let (light, dark) = (Palette::of(light), Palette::of(dark));
        let count = u64::from(light.len()) * u64::from(dark.len());
        let mut width = 1;
        while (DIGITS.len() as u64).pow(width as u32) < count {
            width += 1;
        }
        Pairs { light, dark, width }
    }

    /// The class of a token styled `light` and `dark`; `None` when it is plain in both.
    pub fn class(&self, light: &Style, dark: &Style) -> Option<String> {
        if self.light.is_plain(light) && self.dark.is_plain(dark) {
            return None;
        }
        let number = self.light.number(light) * self.dark.len() + self.dark.number(dark);
        Some(self.name(number))
    }

    /// The pair a class names (`zni` without its `z`), if it names one.
    pub fn number_of(&self, digits: &str) -> Option<u32> {
        if digits.len() != self.width {
            return None;
        }
        let mut number: u32 = 0;
        for byte in digits.bytes() {
            let digit = DIGITS.iter().position(|&d| d == byte)? as u32;
            number = number
                .checked_mul(DIGITS.len() as u32)?
                .checked_add(digit)?;
        }
        (number < self.light.len() * self.dark.len()).then_some(number)
    }

    /// `z` and the pair's number in fixed-width base 62.
    fn name(&self, number: u32) -> String {
        let mut digits = vec![b'0'; self.width];
        let mut rest = number as usize;
        for digit in digits.iter_mut().rev() {
            *digit = DIGITS[rest % DIGITS.len()];
            rest /= DIGITS.len();
        }
        format!("z{}", String::from_utf8_lossy(&digits))
    }

    /// The stylesheet: each used pair's colours as custom properties, and the rules that apply
    /// the light ones, or the dark ones when the reader prefers dark (unless the page says
    /// `data-theme="light"`) or the page says `data-theme="dark"` (the theme toggle).
    pub fn stylesheet(&self, light_name: &str, dark_name: &str, used: &BTreeSet<u32>) -> String {
        let mut css =
            format!("/* Generated by docsite: code colours ({light_name} / {dark_name}). */\n");
        let apply = |prefix: char| {
            format!(
                "color:var(--{prefix});background:var(--{prefix}b,none);font-weight:var(--{prefix}w,inherit);font-style:var(--{prefix}i,inherit);text-decoration:var(--{prefix}u,none)"
            )
        };
        css.push_str(&format!("pre [class^=z]{{{}}}\n", apply('l')));
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark){{:root:not([data-theme=light]) pre [class^=z]{{{}}}}}\n",
            apply('d')
        ));
        css.push_str(&format!(
            ":root[data-theme=dark] pre [class^=z]{{{}}}\n",
            apply('d')
        ));
        for &number in used {
            let (light, dark) = (number / self.dark.len(), number % self.dark.len());
            css.push_str(&format!(
                ".{}{{{};{}}}\n",
                self.name(number),
                self.light.declarations(light, 'l'),
                self.dark.declarations(dark, 'd')
            ));
        }
        css
    }
}
