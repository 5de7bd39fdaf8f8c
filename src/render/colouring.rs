//! [`Colouring`]: what a heat picture colours, a magnitude or a signed value.

use std::fmt;
use std::str::FromStr;

use super::colormap::{diverging, inferno};
use crate::array::HostArray;

/// What heat pictures colour. Every picture of one explanation uses the
/// same colouring, on the same clipping rule ([`super::display_top`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colouring {
    /// `Σ_c |a_c|` over channels, inferno from 0 (dark) to the display top
    /// (bright): how much each place matters, whatever its sign.
    #[default]
    Magnitude,
    /// `Σ_c a_c` over channels, on a two-sided map symmetric around zero:
    /// blue below, white at 0, red above, `±` the display top of `|value|`
    /// at the ends (see [`super::colormap::diverging`]).
    Signed,
}

impl Colouring {
    /// Every colouring, the default first.
    pub const ALL: [Colouring; 2] = [Colouring::Magnitude, Colouring::Signed];

    /// Its name on the command line and in the wasm API.
    pub fn name(self) -> &'static str {
        match self {
            Colouring::Magnitude => "magnitude",
            Colouring::Signed => "signed",
        }
    }

    /// The value coloured, from `a` (`[C, *rest]`): over the channels,
    /// `Σ |a|` or `Σ a` (shape `rest`).
    pub fn channels(self, a: &HostArray) -> HostArray {
        match self {
            Colouring::Magnitude => a.channel_magnitude(),
            Colouring::Signed => a.channel_sum(),
        }
    }

    /// The colour of `value` on a scale whose ends are `±top` (magnitude:
    /// 0 → darkest, `top` → brightest; signed: `-top` → blue, 0 → white,
    /// `top` → red). Values past the ends are clipped to them.
    pub fn paint(self, value: f32, top: f32) -> [u8; 3] {
        let top = if top > 0.0 { top } else { 1.0 };
        match self {
            Colouring::Magnitude => inferno(value / top),
            Colouring::Signed => diverging(0.5 + 0.5 * value / top),
        }
    }
}

impl fmt::Display for Colouring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Colouring {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown colouring '{s}': expected 'magnitude' or 'signed'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_ends_and_centre() {
        let m = 0.25;
        assert_eq!(Colouring::Signed.paint(m, m), diverging(1.0), "+m: the red end");
        assert_eq!(Colouring::Signed.paint(-m, m), diverging(0.0), "-m: the blue end");
        assert_eq!(Colouring::Signed.paint(0.0, m), [247; 3], "0: the white centre");
        assert_eq!(Colouring::Signed.paint(7.0, m), diverging(1.0), "clipped above");
        assert_eq!(Colouring::Signed.paint(-7.0, m), diverging(0.0), "clipped below");
        assert_eq!(Colouring::Magnitude.paint(m, m), inferno(1.0));
        assert_eq!(Colouring::Magnitude.paint(0.0, m), inferno(0.0));
    }

    #[test]
    fn channels_sum_with_or_without_the_sign() {
        let a = HostArray::new(vec![2, 3], vec![1.0, -2.0, 0.5, -3.0, 1.0, 0.5]).unwrap();
        assert_eq!(Colouring::Magnitude.channels(&a).data(), &[4.0, 3.0, 1.0]);
        assert_eq!(Colouring::Signed.channels(&a).data(), &[-2.0, -1.0, 1.0]);
        assert_eq!(Colouring::Signed.channels(&a).shape(), &[3]);
    }

    #[test]
    fn names_round_trip() {
        for c in Colouring::ALL {
            assert_eq!(c.name().parse::<Colouring>(), Ok(c));
        }
        assert!("diverging".parse::<Colouring>().unwrap_err().contains("'diverging'"));
    }
}
