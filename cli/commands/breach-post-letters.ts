/** `privacyloket breach post-letters <ref>`: the print file of the letters to people without an e-mail address. */
import { postLettersCommand } from './post-letters';

export const breachPostLetters = postLettersCommand('breach', 'letters about the breach', 'brieven-post.pdf');
