"""Transcription of the real report for 31-Mar-2018 (Q4 2017/18), fetched Monday 4 June 2018 12:07:08.

Source: the pdftotext dump of the published report (11 pages). All 21
measures in report order with their directorate, code, title, statuses, targets and actuals as
printed, unit, direction of travel and the three commentary columns.

Transcription rules (the same rules the extractor applies, see docs/ARCHITECTURE.md):
- Letter-spacing undone from the wording ("T he  ta rge t o f 1 ,000" -> "The target of 1,000").
- Paragraphs (separated by a vertical gap, a blank line in the dump) are joined by "\\n\\n".
- Inside a paragraph, wrapped lines and hard line breaks are joined by one space, except a line
  that starts with a "-" bullet, which starts a new line ("\\n-..."). The bullet is kept exactly
  as printed: "- The Council ..." and "-Based on ..." both occur.
- Curly quotes: where the dump shows the mis-mapped characters ($ = left single quote, ! = right
  single quote/apostrophe, " = left double quote, # = right double quote) this module writes the
  curly character (U+2018, U+2019, U+201C, U+201D); where the dump shows a straight ASCII quote
  it stays straight. The truth straightens both (see `samples.model.straighten`).
- The "%" printed where the source has a dash in two places ("... judged as 'good' or
  'outstanding' % Residential Children's Homes", "not ready to let % these") is kept as printed:
  it is in the text layer, no extractor can know better.
- Which column a paragraph belongs to was read from the order and width of the dump's lines
  (context and actions lines hold about 55 characters, intervention lines about 35).
"""

from __future__ import annotations

from datetime import date, datetime

from samples.model import Measure, Report

PERIOD_END = date(2018, 3, 31)
TIME_FETCHED = datetime(2018, 6, 4, 12, 7, 8)
PAGE_COUNT = 11

CP = "Communities & Place"
OG = "Organisation & Governance"
PS = "People Services"
P100K = "per 100,000 population"
P10K = "per 10,000 population"
PCT = "%"

MEASURES: tuple[Measure, ...] = (
    Measure(
        CP,
        "L&C PM28",
        "Livewell: NHS Health Checks",
        "Red",
        "Red",
        "1,000.0",
        "923.0",
        "1,000.0",
        "923.0",
        None,
        "Deteriorating",
        context=(
            "The target of 1,000 was missed by 73, which is a reduction on the position of 1,178"
            " reported at the end of March 2017. Despite not achieving the target, what has been"
            " achieved is significant, given the reduced engagement. Compared to the previous year"
            " the service is working with one less practice (reduction to four). This reduction"
            " greatly reduces the number of patients that are directly invited for a health check."
            " The practice that is now delivering their own health checks (Park Lane) contributed"
            " over 100 patients last year. Conversely what this has led to is an increase in the"
            " amount of proactive health checks that have taken place in the most difficult areas"
            " of the city, which should be viewed as a positive outcome in supporting improved"
            " health and wellbeing across the city."
        ),
        actions=(
            "Businesses: Work is taking place with several employers in the city to identify"
            " eligible populations and deliver the health checks."
            "\n\nEvents: Following on from 2017/18 the service will continue to support community"
            " events with community partners. This proves to be successful in identifying at risk"
            " and hard to reach populations."
            "\n\nDCC Workplace: Livewell is delivering workplace checks that will form part of the"
            " health and attendance action plan within DCC. These checks will help employees to"
            " become more aware of their health and what they can do to improve this. These"
            " checks will also help identify people that are eligible for a full NHS health check."
        ),
        intervention=(
            "No further review / interventions planned. Targets to be reviewed in line with"
            " planned activity for 2018/19 to make sure they are SMART."
        ),
    ),
    Measure(
        CP,
        "Regen PM21",
        "Number of new businesses established arising from DCC interventions",
        "Red",
        "Red",
        "34.0",
        "14.0",
        "34.0",
        "14.0",
        None,
        "N/A",
        context=(
            "The D2 Business Starter programme has seen two new starters for Q4 2017/18, with no"
            " new businesses engaged."
        ),
        actions=(
            "The externally funded project continues to work with businesses enrol to support new"
            " business start-ups."
            "\n\nThe Connect Derby managed workspace network continues to attract new tenants,"
            " some of which will be new businesses."
        ),
        intervention=(
            "Executive Scrutiny reviewed Regeneration Projects, as part of the Performance Forward"
            " Plan in March 2018. This review included the impact on business and jobs in the city."
        ),
    ),
    Measure(
        OG,
        "CM PM09a",
        "Percentage of Council Tax collected within 36 months of it becoming due",
        "Amber",
        "Amber",
        "98.0%",
        "97.8%",
        "98.0%",
        "97.8%",
        PCT,
        "Deteriorating",
        context=(
            "The indicator tracks collection of Council Tax arrears. The 97.82% in the year to"
            " date column is the collection rate for the 2014/15 financial year. This year ended"
            " on the 31st March 2015 so to achieve target the collection rate for this year needed"
            " to be at least 98% by 31st March 2018. Outturn performance is just behind this but"
            " all previous years collection rates are higher than 98%."
        ),
        actions=(
            "Collection of Council Tax has always been difficult but given the large yearly"
            " increases in Council Tax and the replacement of Council Tax Benefit with Council Tax"
            " Support resulting in many low income households now having to pay Council Tax"
            " (which they didn't under Council Tax Benefit) it is becoming even more difficult."
            " Collection of arrears remains a priority to the Council Tax Team with regular"
            " recovery documents being issued and cases being regularly referred to the Council's"
            " Enforcement Agents."
        ),
        intervention=(
            "Last reviewed at Executive Scrutiny in April 2017. No further review / intervention"
            " planned."
        ),
    ),
    Measure(
        OG,
        "CP 08f",
        "Average working days per employee (full time equivalents) per year lost through"
        " sickness absence - Excluding Schools",
        "Red",
        "Red",
        "8.4",
        "12.8",
        "8.4",
        "12.8",
        None,
        "Improving",
        context=(
            "The year-end figure of 12.80 FTE days lost shows an improvement overall in comparison"
            " to 2016/17, where the year-end figure was 14.21 day; despite exceeding the target of"
            " 8.4 days. All of the individual Directorates have seen a decrease in their sickness"
            " absence rates in comparison to 2016/17:"
            "\n- People Services year-end result in 2016/17 was 16.34 and this has reduced to"
            " 14.59 days"
            "\n- Communities and Place outturn for 2016/17 was 14.36 and this has reduced to"
            " 12.47 days"
            "\n- Organisation and Governance outturn for 2016/17 was 9.55 and this has reduced to"
            " 9.53 days."
        ),
        actions=(
            "The Corporate Attendance Management Project Group, in which HR, Occupational Health"
            " and Wellbeing, and the OD team are working collaboratively, will continue to work"
            " together to support an improvement in performance through increased attendance and a"
            " focus on health and wellbeing."
            "\n\nRegular progress reports against the agreed action plan will be shared with the"
            " Council\u2019s Chief Officer Group and Executive Scrutiny as part of the 2018/19"
            " Performance Forward Plan. Data for this measure is currently sourced from the"
            " Mi-People system. From 1 April, absence data will be derived from First Care which"
            " may result in slight differences in figures due to the transition."
        ),
        intervention=(
            "This measure has been reviewed by Executive Scrutiny Board (ESB) in October and"
            " November 2017 and more recently in April 2018, via a Performance Surgery."
            "\n\nDependent on continued improvement in the direction of travel, this measure is not"
            " due for a follow-up Performance Surgery unless there is future deterioration."
            "\n\nA number of recommendations were made by ESB in April which included;"
            "\n- regular updates to ESB and Personnel Committee"
            "\n- more detailed breakdown of return to work interviews"
            "\n- refresh of reward and recognition approaches"
            "\n- benchmarking with similar council and learning from good practice."
        ),
    ),
    Measure(
        OG,
        "FPA PM22b",
        "Unqualified Audit Opinion for Derby City Council for 2016/17 - Value for Money",
        "Red",
        "N/A",
        "On Track",
        "Major Slippage",
        "On Track",
        None,
        None,
        "N/A",
        context=(
            "Derby City Council did not receive an unqualified opinion on Value for Money for"
            " 2016/17 - an adverse opinion was given by our external auditors at the 19th December"
            " 2017 Audit and Accounts Committee. Work is on-going to ensure the value for money"
            " opinion improves."
            "\n\nThe adverse value for money opinion reflects a number of well documented issues,"
            " which are being addressed in the Corporate Improvement Plan."
        ),
        actions=(
            "Gaining a positive VfM opinion for 2017/18 will be an important milestone in the"
            " plan. We are working towards this by implementing a more effective framework of"
            " internal controls, including a review of Financial Regulations and Contract Procedure"
            " Rules, reviewing the effectiveness of the Audit & Accounts Committee and establishing"
            " a development plan."
        ),
        intervention=(
            "The Corporate Improvement Plan and all associated actions are subject to regular"
            " monitoring by the Corporate Improvement Board, with regular reporting to Audit and"
            " Accounts Committee on progress."
        ),
    ),
    Measure(
        OG,
        "GOV PM01",
        "DBS renewal programme achievement",
        "Amber",
        "Amber",
        "95.0%",
        "93.9%",
        "95.0%",
        "93.9%",
        PCT,
        "Improving",
        context=(
            "There has been an improvement of 2.55% from the figure reported at the end of quarter"
            " 3 (end of December 2017). From a total of 1,089 posts that require a DBS renewal"
            " 1,022 (93.85%) are in date. 42 have been actioned and are awaiting checks at the DBS"
            " Service. Of the remaining 25 (2.30%); one is seconded to a position that does not"
            " require a check, two are on long term sick and one is on Maternity Leave."
        ),
        actions=(
            "The Recruitment Team is actively chasing the remainder to drive the renewal programme"
            " forward."
        ),
        intervention=(
            "This measure was reviewed by Executive Scrutiny in July 2017 and current performance"
            " represents an improvement from 2016/17. No further action proposed."
        ),
    ),
    Measure(
        PS,
        "EI 12/EI 3",
        "Percentage of children and young people's early help cases where progression tools show"
        " an improving direction of travel after support has been provided",
        "Amber",
        "Amber",
        "95.0%",
        "93.0%",
        "95.0%",
        "93.0%",
        PCT,
        "Deteriorating",
        context=(
            "Provisional data."
            "\n\nData quality checks are currently taking place therefore this figure may increase."
        ),
        actions=(
            "Work will continue to safely and appropriately support families where possible"
            " through early help services, through the delivery of the early help action plan."
        ),
        intervention=(
            "The Early Help Annual Report will be considered by Derby Safeguarding Children Board"
            " and Children and Young People Overview and Scrutiny Board, which will allow"
            " appropriate challenge of both outcomes and impact of Derby's early help services."
        ),
    ),
    Measure(
        PS,
        "AHH 02D",
        "Sequel to short term support resulting in no services needed (STMAX)",
        "Red",
        "Red",
        "80.0%",
        "69.6%",
        "80.0%",
        "69.6%",
        PCT,
        "Deteriorating",
        context=(
            "-This data is provisional until final year data released by NHS Digital in July 2018"
            "\n\n-Performance is however well below the quarterly targets set and will not achieve"
            " the end of year target."
            "\n\n-More challenging and complex cases have been taken on by Adult Social Care, which"
            " makes it more difficult to reach targets, which urgently require to be reviewed and"
            " revised to reflect the increase in complexity of customers."
        ),
        actions=(
            "-This measure to be reviewed for 2018/19. It is a 'front door' measure of how"
            " effective short term support is in reducing or delaying the need for care and"
            " support for new customers."
            "\n\n-As part of this review, work is to be done to gain a better understanding of the"
            " measure and improve recording of prevention and reablement activity."
        ),
        intervention=(
            "Executive Scrutiny Board reviewed this measure alongside associated Adult Social Care"
            " measures in January 2017 and Executive Scrutiny Board will review this measure again"
            " in 2018."
            "\n\nLooking ahead to 2018/19 targets will be reviewed to ensure that they are set"
            " within the current context of service delivery including the complexity of cases."
        ),
    ),
    Measure(
        PS,
        "AHH Local 2A (i)",
        "Adults aged 18 to 64 whose long term care needs are met through residential or nursing"
        " care per 100,000 population",
        "Red",
        "Red",
        "13.5",
        "18.6",
        "13.5",
        "19.9",
        P100K,
        "Deteriorating",
        context=(
            "This data is provisional until final data is released by NHS Digital in July."
            "\n\nThis is a new measure for 2017/18, counting customers in long term residential and"
            " nursing care, rather than only those in permanent placements."
            "\n\nAfter an initial pause, numbers have begun to rise beyond the comparator average."
        ),
        actions=(
            "Demand management initiatives have been introduced to extend opportunities for"
            " community support and early identification of issues."
            "\n\nWe have developed a Younger Adults Accommodation Strategy, which has yielded many"
            " supported living opportunities promoting independence."
            "\n\nThe Direct Payment offer also continues to grow, to allow people to direct their"
            " own support in supported living arrangements."
            "\n\nDespite all the positive actions taken, there have been a number of factors"
            " impacting negatively on performance..."
            "\n- There has been an increase in the number of Care Leavers requiring support"
            "\n- There have been issues about complexity of some needs and provider capacity."
            "\n- Financial Pressure."
        ),
        intervention=(
            "Corporate Scrutiny Board reviewed this measure alongside associated Adult Social Care"
            " measures in January 2017 and Executive Scrutiny Board reviewed this measure again in"
            " 2018. Cases are being reviewed by Heads of Service, as part of data quality checks."
        ),
    ),
    Measure(
        PS,
        "AHH Local 2A2 (ii)",
        "Adults aged 65 and over whose long term care needs are met through residential or"
        " nursing care per 100,000 population",
        "Blue",
        "Amber",
        "612.0",
        "593.6",
        "612.0",
        "629.9",
        P100K,
        "Deteriorating",
        context=(
            "This data is provisional until final year data released by NHS Digital in July 2018,"
            " but will rise slightly."
            "\n\nPerformance is currently better than Quarter 4 target, however there can be delays"
            " in the entering of contracts (due to Funding Arrangements with Health and other"
            " issues) which means caution should be applied to provisional data."
            "\n\n-Based on historical Performance it is forecast this measure is likely to be"
            " slightly short of the target."
        ),
        actions=(
            "- The Council has introduced demand management initiatives such as \u201cTalking"
            " Points\u201d, Local Area Co-ordination, Ordinary Lives and Shared Lives"
            "\n- Over the past five years the Council has developed five new extra care facilities"
            " for older people across the city."
            "\n- The Council has continued to grow the Direct Payment offer to allow people to"
            " self-direct support in supported living arrangements."
        ),
        intervention=(
            "Corporate Scrutiny Board reviewed this measure alongside associated Adult Social Care"
            " measures in January 2017 and Executive Scrutiny Board reviewed this measure again in"
            " 2018."
        ),
    ),
    Measure(
        PS,
        "EIISS PM04",
        "Children who are the subject of a child protection plan per 10,000 population aged under"
        " 18 (Snapshot)",
        "Red",
        "Red",
        "57.00",
        "86.90",
        "57.00",
        "86.90",
        P10K,
        "Deteriorating",
        context=(
            "PROVISIONAL YEAR END DATA - Over the last 12 months there has been an increase in"
            " demand for services and the number of CYP subject to plans have increased. Work has"
            " been ongoing across the service to understand the increase. There is assurance that"
            " the threshold is correct and these children are vulnerable and in need of"
            " protection, which is confirmed through monthly thematic audits, QA visits to key"
            " services and Mocksted2. The focus should always be on making sure children and young"
            " people are safe and the target is set in line with comparators to signal an increase"
            " in demand, which will trigger a review of demand (which has happened and been"
            " on-going since April 2017)."
        ),
        actions=(
            "The Head of Service for Children's Quality Assurance will be undertaking specific work"
            " to explore alternative child support systems which link the work of Children in Need"
            " and Child protection more closely. The continued partnership across Derby Children's"
            " Safeguarding Board will be key to understanding and changing this performance."
        ),
        intervention=(
            "This measure has been subject to on-going review through the directorate-led"
            " Improvement Board, with a Working Group chaired by the Strategic Director of People."
            " The measure was also the subject of a Performance Surgery in April 2018."
        ),
    ),
    Measure(
        PS,
        "L&I PM02a",
        "Percentage of Y6 pupils achieving expected level in reading, writing and maths",
        "Amber",
        "Amber",
        "56.0%",
        "55.0%",
        "56.0%",
        "55.0%",
        PCT,
        "Improving",
        context="This is revised data based on the DfE school performance tables.",
        actions=(
            "A range of programmes commissioned by the Primary Strategy Group are in place for"
            " targeted schools funded partly by Schools forum and partly by The Opportunity Area"
            " programme. A School Improvement bid to the Sub regional Improvement Board has also"
            " brought in additional funds and capacity to support improvements. Work remains"
            " on-going in line with the Opportunity Areas work programme."
        ),
        intervention=(
            "Attainment outcomes was subject to a review by Children and Young People's Overview"
            " and Scrutiny Board in February 2018."
            "\n\nFurthermore, Derby City had their annual conversation with Ofsted in February"
            " 2018, which included challenge on outcomes and actions being taken to support"
            " improvements."
            "\n\nA directorate-led Education Board, chaired by the Strategic Director of People"
            " Services also commenced in April 2018."
        ),
    ),
    Measure(
        PS,
        "L&I PM04a",
        "Attainment 8 score",
        "Red",
        "Red",
        "48.5",
        "42.6",
        "48.5",
        "42.6",
        None,
        "Deteriorating",
        context=(
            "Derby City's Attainment 8 position has by reduced by 3.6% compared to the previous"
            " year. The national position has also declined (national 3.9% decline), which has"
            " resulted in Derby's ranked position improving by 2 places."
        ),
        actions=(
            "A range of programmes commissioned by the Secondary Strategy Group are in place for"
            " targeted schools funded partly by Schools forum and partly by The Opportunity Area"
            " programme."
            "\n\nA School Improvement bid to the Sub regional Improvement Board has also brought in"
            " additional funds and capacity to support improvements."
        ),
        intervention=(
            "Attainment outcomes were subject to a review by Children and Young People's Overview"
            " and Scrutiny Board in February 2018. Furthermore, Derby City had their annual"
            " conversation with Ofsted in February 2018, which included challenge on outcomes and"
            " actions being taken to support improvements. A directorate-led Education Board,"
            " chaired by the Strategic Director of People Services also commenced in April 2018."
        ),
    ),
    Measure(
        PS,
        "L&I PM23c",
        "Maintained Schools services, settings and institutions judged \u2018good\u2019 or"
        " \u2018outstanding\u2019",
        "Amber",
        "Amber",
        "83.0%",
        "82.0%",
        "83.0%",
        "82.0%",
        PCT,
        "Deteriorating",
        context=(
            "Performance of schools is subject to regular review and challenge by the School"
            " Improvement Team. 80% of maintained schools have been 'good' or better since June"
            " 2016 however there continues to be variations in the percentage of schools judged to"
            " be 'good' are inspected and some schools convert to academies."
        ),
        actions=(
            "Actions will be targeted to underperforming schools and over the last year have"
            " included:"
            "\n- Tackled weak leadership in 11 maintained schools"
            "\n- Leadership changes made"
            "\n- Warning notices issued"
            "\n- Interim Executive Board's managed"
            "\n- Academy solutions brokered"
            "\n- New leadership brokered"
            "\n- School improvement solutions brokered"
            "\n- School Improvement Boards established."
        ),
        intervention=(
            "Attainment outcomes and the percentage of schools judged to be 'good' or better was"
            " subject to a review by Children and Young People's Overview and Scrutiny Board in"
            " February 2018. Furthermore, Derby City had their annual conversation with Ofsted in"
            " February 2018, which included challenge on school performance and actions being"
            " taken to support improvements. A directorate-led Education Board, chaired by the"
            " Strategic Director of People Services also commenced in April 2018."
        ),
    ),
    Measure(
        PS,
        "L&I PM23e",
        "Percentage of inspected services settings and institutions that are judged as"
        " \u2018good\u2019 or \u2018outstanding\u2019 % Residential Children's Homes",
        "Red",
        "Red",
        "100.0%",
        "83.3%",
        "100.0%",
        "83.3%",
        PCT,
        "Deteriorating",
        context=(
            "The percentage equates to one children's home only receiving requiring improvement."
            "\n\nFive of Derby's six homes have been rated as 'good'."
        ),
        actions=(
            "Significant progress has been made on Internet identification of homes. Work is"
            " continuing to ensure that homes cannot be identified via any search engines."
        ),
        intervention=(
            "We are working through an improvement plan agreed with Ofsted to ensure the required"
            " standards are met for the home not currently assessed as 'good'. Re-inspection is"
            " not expected until summer 2018."
            "\n\nNo further actions proposed as this measure is routinely reviewed by the Corporate"
            " Parenting Committee."
        ),
    ),
    Measure(
        PS,
        "L&I PM26a",
        "% of NEW EHCPs issued in 20 weeks (for those children and young people pre-16 years of"
        " age)",
        "Red",
        "Red",
        "90.0%",
        "46.9%",
        "90.0%",
        "46.9%",
        PCT,
        "Deteriorating",
        context=(
            "Cumulative performance exceeded 80% up to the end of December 2017, however this"
            " position has been impacted by a focus at the end of 2017/18 on achieving the"
            " statements conversion target, which has impacted on processing of new plans."
        ),
        actions=(
            "-Increased capacity within the team and the completion of the conversions will now"
            " ensure that deadlines are able to be met."
            "\n-There are clearly defined areas of responsibility relating to backlog and new cases"
            " to ensure that deadlines remain on track."
            "\n-There will be some further slippage in respect of backlog cases as the process is"
            " completed and backlog Plans are finalised."
            "\n-It is expected that new requests will be processed within the agreed timescales."
        ),
        intervention=(
            "SEND performance was discussed at Executive Scrutiny Board in April 2018, including"
            " achievement of the conversion target for statements to EHCPs. Looking ahead to"
            " 2018/19 Executive Scrutiny have recommended a Performance Surgery on SEND should be"
            " scheduled to allow a holistic review of all elements of the service. This will be"
            " scheduled as part of the 2018/19 Performance Forward Plan."
            "\n\nThere is also a directorate-led SEND Improvement Board, which meets monthly and is"
            " chaired by the Strategic Director of People Services."
        ),
    ),
    Measure(
        PS,
        "AHH 02B (NI 125)",
        "Achieving independence for older people through rehabilitation/intermediate care",
        "Red",
        "Red",
        "85.0%",
        "78.0%",
        "85.0%",
        "78.0%",
        PCT,
        "Deteriorating",
        context=(
            "Provisional Data."
            "\n-Performance has dipped since Quarter 1 (which would be Q4 16/17 customers)"
            " producing a downturn in the year to date performance. The last 3 quarters'"
            " performance has been locked between the low and mid 70s."
            "\n-Performance will not achieve the stated end of year target."
            "\n-While prevention, demand management and step up and step down pathways work well,"
            " a number of factors are making it difficult to meet target; demographic pressures"
            " continue particularly in over 80 cohorts with complex and enduring long term"
            " conditions."
            "\n-This cohort frequently go in and out of hospital for medical rather than social"
            " care reasons. Social Care are very effective in limiting delays in transfer from"
            " hospital but face financial pressures from health in relation to continuing health"
            " care funding limits. A particularly bad winter has put extra pressure on the health"
            " and social care system with more frequent non elective admissions and emergency"
            " admissions."
        ),
        actions=(
            "-More challenging and complex cases have been taken on by the reablement service"
            " which makes it more difficult to reach targets, which urgently require to be reviewed"
            " and revised to reflect the increase in complexity of customers."
        ),
        intervention=(
            "Corporate Scrutiny Board reviewed this measure alongside associated Adult Social Care"
            " measures in January 2017 and Executive Scrutiny Board reviewed this measure in 2018."
        ),
    ),
    Measure(
        PS,
        "SS PM07",
        "Children in Care per 10,000 population aged under 18 (EIISS PM05)",
        "Red",
        "Red",
        "77.00",
        "83.20",
        "77.00",
        "83.20",
        P10K,
        "Deteriorating",
        context=(
            "-There has been a rising demand for services across Children's Services this year and"
            " this rising demand inevitably results in more children in care. Derby City's"
            " priority will always be focused on making sure that children and young people are"
            " safe and receive services that are appropriate to their needs."
            "\n\nIt should be noted that recent entrants to care were reviewed as part of Mocksted2"
            " in March 2018 and all decisions were considered to be appropriate and timely."
        ),
        actions=(
            "- There has been a directorate led Working Group focusing on the rise in child"
            " protection plans. Moving forward to 2018/19 this group, chaired by the Strategic"
            " Director of People Services, will move to look at demand across the 'system', which"
            " will include looked after children."
            "\n-Service leads will be looking at how we can utilise the full potential of the Exit"
            " from Care Team and there is also a plan for Social Impact Bonds to be used as a way"
            " of preventing care episodes / stepping these down going forward."
            "\n-Work will continue to robustly monitor thresholds for new admissions to care to"
            " ensure interventions are based on need."
        ),
        intervention=(
            "No further action - this measure is subject to 6 weekly reviews through the Early"
            " Help and Social Care Improvement Board and regular updates on Safeguarding are"
            " presented to the Children and Young People Scrutiny Board."
            "\n\nMonthly Safeguarding Assurance Meetings provide further scrutiny on the increasing"
            " numbers."
        ),
        code_separator=" - ",
    ),
    Measure(
        PS,
        "SS PM23b",
        "Percentage of children placed with independent fostering agencies",
        "Red",
        "Red",
        "50.0%",
        "62.6%",
        "50.0%",
        "62.6%",
        PCT,
        "Deteriorating",
        context=(
            "Provisional data. This is an on-going challenge in attracting and recruiting foster"
            " carers for us to use for placements. We have had to continue to use IFA placements,"
            " despite their greater cost due to this."
        ),
        actions=(
            "-There is soft market testing on-going for the Foster Care service in Derby. This may"
            " result in significant changes to who delivers the fostering provision in the city."
        ),
        intervention=(
            "The recruitment of carers was part of Ofsted's 11 recommendations from Derby's SIF"
            " inspection in 2017. The action plan was subject to review and challenge in Mocksted2"
            " in March 2018. The outcomes of this was subject to further scrutiny by a Performance"
            " Surgery on 25 April 2018. Additional challenge also took place in Derby's annual"
            " conversation with Ofsted in April 2018."
        ),
    ),
    Measure(
        PS,
        "DH Local 62b",
        "Number of new homes delivered in year (HRA & DH)",
        "Annual Collection",
        "Red",
        "60.0",
        "33.0",
        "60.0",
        "33.0",
        None,
        "Deteriorating",
        context=(
            "The target of 60 a year is based on financial capacity which has not been met this"
            " year as insufficient sites came forward over the last year and the number of homes"
            " completed during 2017/18 is slightly less when compared with 2016/17. The total"
            " number of homes delivered as at 31 March 2018, in partnership with DCC, now stands at"
            " 354. NB. The outturn for 2016/17 has been amended from 30 to 39 as 7 properties"
            " completed during that year were not included in the figures and there were two"
            " purchases that we had treated as incomplete as not ready to let % these should have"
            " also been included 16/17"
        ),
        actions=(
            "We are working pro-actively with colleagues in DCC Planning, Property Services and"
            " Estates to: (1) ensure a steady flow of new site feasibilities is being considered by"
            " the Planning Department in order to deal with actual scheme proposals efficiently (2)"
            " initiating the transfer of suitable land into the Housing Revenue Account for further"
            " housing development (3) using framework architects in addition to DCC Architectural"
            " services to get around capacity bottlenecks."
        ),
        intervention=(
            "Executive Scrutiny have considered new homes in March 2017 and January 2018."
        ),
    ),
    Measure(
        PS,
        "YA&H PM05 (DH)",
        "Number of homelessness preventions",
        "Red",
        "Red",
        "660.0",
        "550.0",
        "660.0",
        "550.0",
        None,
        "Deteriorating",
        context=(
            "We have not met the target for preventions this year. However, with the introduction"
            " of the Homelessness Reduction Act this month, and the reconfiguration of our services"
            " we anticipate an increase in this figure going forward."
        ),
        actions=(
            "We have a newly formed Private Rented Sector Team to provide greater assistance in"
            " enabling households to move into or remain in this sector of housing. Homelessness"
            " services have been reconfigured to place a greater emphasis on prevention, with"
            " earlier intervention for those threatened with homelessness within 56 days. We are"
            " also working in partnership to deliver different services for some categories of"
            " Homeless clients and will be recording information and outcomes on one system to"
            " provide the required government returns."
        ),
        intervention=(
            "Homelessness has been considered by Executive Scrutiny in November 2016 and January"
            " 2018."
        ),
    ),
)

REPORT = Report(period_end=PERIOD_END, time_fetched=TIME_FETCHED, measures=MEASURES)
