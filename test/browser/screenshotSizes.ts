/** The two window sizes every screenshot script takes its pictures at: a laptop and a phone. */
export const screenshotSizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }

/** The short Markdown document the screenshots show being written together. */
export const launchPlan = `# Launch plan

The beta opens to **200 teams** on Monday. Here is what each of us owns:

- Ada: onboarding emails and the *welcome* document
- Ben: pricing page, with the \`free\` and \`team\` plans
- Both: a dry run on Friday

> Ship small, ship often, and keep the writing honest.
`
